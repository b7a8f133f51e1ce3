/**
 * asAlert: which answers to a button press Telegram shows as an alert only the presser sees, and
 * what still goes to the chat as messages.
 */
import { asAlert } from '../../../../adapters/telegram/handlers.js';

describe('asAlert', () => {
  it('shows a short private answer as an alert, in plain text, and sends nothing', () => {
    expect(asAlert({ text: 'Your week: **3 of 5**', ephemeral: true })).toEqual({
      alert: 'Your week: 3 of 5',
      messages: [],
    });
  });

  it('joins short private follow-ups into the alert while the whole fits 200 characters', () => {
    const welcome = { text: '👋 Welcome to Stride!', ephemeral: true };
    expect(
      asAlert({ text: 'You have not joined this group.', ephemeral: true, followUps: [welcome] }),
    ).toEqual({
      alert: 'You have not joined this group.\n\n👋 Welcome to Stride!',
      messages: [],
    });
  });

  it('sends the follow-ups as messages when they would not fit or are no plain private text', () => {
    const long = { text: 'x'.repeat(195), ephemeral: true };
    const withButton = {
      text: 'Pick one',
      ephemeral: true,
      actions: [{ id: 'a', label: 'A', style: 'default' as const }],
    };

    expect(asAlert({ text: 'Done.', ephemeral: true, followUps: [long] })).toEqual({
      alert: 'Done.',
      messages: [long],
    });
    expect(asAlert({ text: 'Done.', ephemeral: true, followUps: [withButton] })).toEqual({
      alert: 'Done.',
      messages: [withButton],
    });
  });

  it('sends a public, long or illustrated answer whole, as messages', () => {
    const shared = { text: 'Ada logged Read', followUps: [{ text: 'Nice!', ephemeral: true }] };
    const long = { text: 'y'.repeat(201), ephemeral: true };
    const chart = { text: 'Your week', ephemeral: true, image: { png: Buffer.from('png'), alt: 'week' } };

    for (const reply of [shared, long, chart]) expect(asAlert(reply)).toEqual({ messages: [reply] });
  });
});
