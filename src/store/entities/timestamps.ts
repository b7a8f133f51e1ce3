/** `createdAt` and `updatedAt`, on every table (house style). */
export const timestampProperties = {
  createdAt: { type: 'Date', onCreate: () => new Date() },
  updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
} as const;
