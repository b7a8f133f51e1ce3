/**
 * What the coach answers, in its own terms: text, and buttons that run a command for the member
 * when pressed. The chat core turns it into a Reply like any command's; the coach never needs the
 * chat layer's types.
 */
export interface CoachAction {
  label: string;
  style?: 'primary' | 'danger' | 'default';
  /** The command line the button runs, as the member who was shown it. */
  command: string;
}

export interface CoachAnswer {
  text: string;
  ephemeral?: boolean;
  actions?: CoachAction[];
}
