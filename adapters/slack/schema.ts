/**
 * The least a signed Slack body must hold before Bolt sees it. A signature proves who sent the bytes,
 * not that they are well formed: Bolt reads `body.user.id`, `body.event.type` and the like without
 * looking, and a body without them would throw inside it (a 500, and a stack trace in the logs).
 * Only the fields Bolt and Stride's processors read are checked; everything else passes through.
 */
import { z } from 'zod';

const id = z.string().min(1);
const user = z.looseObject({ id });

/** A slash command's form fields. */
const slashCommand = z.looseObject({ command: id, user_id: id, channel_id: id, text: z.string().optional() });

/** Interactivity payloads, by type; `block_actions` is what Stride's buttons send. */
const interactive: Record<string, z.ZodType> = {
  block_actions: z.looseObject({
    user,
    actions: z.array(z.looseObject({ action_id: z.string(), type: z.string() })).min(1),
  }),
  block_suggestion: z.looseObject({ user }),
  view_submission: z.looseObject({ user, view: z.looseObject({ id }) }),
  view_closed: z.looseObject({ user, view: z.looseObject({ id }) }),
  shortcut: z.looseObject({ user, callback_id: z.string() }),
  message_action: z.looseObject({ user, callback_id: z.string() }),
};

/** Events API deliveries. */
const eventCallback = z.looseObject({ event: z.looseObject({ type: id }) });

/** What is wrong with a parsed Slack body, or undefined when Bolt can take it. */
export function slackBodyProblem(body: Record<string, unknown>): string | undefined {
  const schema =
    'command' in body
      ? slashCommand
      : body.type === 'event_callback'
        ? eventCallback
        : typeof body.type === 'string'
          ? interactive[body.type]
          : undefined;
  // A body that is neither a command nor of any type is nothing Slack sends.
  if (!schema) return typeof body.type === 'string' ? undefined : 'no command or type';
  const result = schema.safeParse(body);
  return result.success
    ? undefined
    : result.error.issues.map((issue) => issue.path.join('.') || 'body').join(', ');
}
