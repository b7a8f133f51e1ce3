/**
 * The App Home tab, drawn from three of the core's own replies (today, streak, goal list), so the
 * Home shows exactly what the commands say and no business rule lives here.
 */
import type { types } from '@slack/bolt';
import type { Reply } from '../../../src/ports/chat.js';
import { actionBlocks, contextBlocks, textBlocks } from '../render.js';

export interface HomeContent {
  /** `today`: the habits due, with their Done and Skip buttons. */
  today: Reply;
  /** `streak`: current and best streaks. */
  streaks: Reply;
  /** `goal list`: each goal's progress. */
  goals: Reply;
  /** The answer to a button just pressed on the Home tab, which has no other place to show it. */
  notice?: Reply;
}

// Slack caps a Home view at 100 blocks; replies are short, but a long goal list must not break it.
const HOME_BLOCK_LIMIT = 100;

/** The Home view for views.publish. */
export function homeView(content: HomeContent): types.HomeView {
  const notice = content.notice ? contextBlocks([content.notice.text]) : [];
  const today = [
    ...textBlocks(content.today.text),
    ...actionBlocks(content.today.actions ?? [], 'home-today'),
  ];
  const sections = [today, textBlocks(content.streaks.text), textBlocks(content.goals.text)].filter(
    (blocks) => blocks.length > 0,
  );
  const blocks: types.KnownBlock[] = [...notice];
  sections.forEach((section, index) => {
    if (index > 0) blocks.push({ type: 'divider' });
    blocks.push(...section);
  });
  blocks.push(...contextBlocks(['Type `/stride help` for every command, or send me a message.']));
  return { type: 'home', blocks: blocks.slice(0, HOME_BLOCK_LIMIT) };
}
