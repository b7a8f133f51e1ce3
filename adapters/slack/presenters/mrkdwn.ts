/**
 * The core's markdown subset (**bold**, _italic_, `code`, "- " lists, [label](url)) as Slack's
 * mrkdwn, and as the plain text Slack shows in notifications.
 */

/** Slack decodes only these three entities; anything else would show as typed. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Code spans and links first, so that nothing inside them is read as emphasis.
const SPANS = /`([^`\n]+)`|\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g;

/** Markdown → mrkdwn: **b** → *b*, _i_ and `c` stay, [l](u) → <u|l>, "- " → "• ", & < > escaped. */
export function toMrkdwn(markdown: string): string {
  return mapSpans(
    bullets(markdown),
    // The subset uses ** only for bold, so each one becomes Slack's single *, even around a code span.
    (plain) => escapeSlack(plain).replace(/\*\*/g, '*'),
    (code) => `\`${escapeSlack(code)}\``,
    // A "|" inside the URL would end it early; %7C is the same URL.
    (label, url) => `<${escapeSlack(url).replace(/\|/g, '%7C')}|${escapeSlack(label).replace(/\*\*/g, '*')}>`,
  );
}

/** Markdown → plain text for notifications and screen readers: markers dropped, links spelled out. */
export function toPlainText(markdown: string): string {
  return mapSpans(
    bullets(markdown),
    (plain) =>
      escapeSlack(plain)
        .replace(/\*\*/g, '')
        .replace(/(^|[\s(])_(.+?)_(?=$|[\s.,;:!?)])/gm, '$1$2'),
    (code) => escapeSlack(code),
    (label, url) => `${escapeSlack(label).replace(/\*\*/g, '')} (${escapeSlack(url)})`,
  );
}

/** mrkdwn has no lists: "- " at a line start becomes a bullet. */
function bullets(markdown: string): string {
  return markdown.replace(/^- /gm, '• ');
}

function mapSpans(
  text: string,
  plain: (text: string) => string,
  code: (inner: string) => string,
  link: (label: string, url: string) => string,
): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(SPANS)) {
    out += plain(text.slice(last, match.index));
    out += match[1] !== undefined ? code(match[1]) : link(match[2]!, match[3]!);
    last = match.index + match[0].length;
  }
  return out + plain(text.slice(last));
}
