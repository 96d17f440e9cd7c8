/**
 * A captured mail, rendered safely: the HTML is parsed with DOMParser (which runs nothing) and only
 * text, line breaks, paragraphs, headings, lists, tables and emphasis are turned into React elements.
 * No attribute, link, image or style of the mail reaches the page.
 */
import { Box, Paper, Typography } from '@mui/material';
import { createElement, useMemo, type ReactNode } from 'react';
import type { CapturedMail } from '../../shared/rules/schemas';

const KEPT = new Set(['p', 'div', 'span', 'br', 'b', 'strong', 'i', 'em', 'u', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'pre', 'code']);
const HEADINGS: Record<string, string> = { h1: 'h6', h2: 'h6', h3: 'subtitle1', h4: 'subtitle1', h5: 'subtitle2', h6: 'subtitle2' };

function render(node: Node, key: number, depth: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE || depth > 30) return null;
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  const kids = Array.from(el.childNodes).map((c, i) => render(c, i, depth + 1));
  if (tag === 'script' || tag === 'style' || tag === 'head' || tag === 'title') return null;
  if (!KEPT.has(tag)) return createElement('span', { key }, ...kids);
  if (tag === 'br') return createElement('br', { key });
  if (HEADINGS[tag]) return createElement(Typography, { key, variant: HEADINGS[tag] as 'h6' }, ...kids);
  if (tag === 'table') return createElement('table', { key, style: { borderCollapse: 'collapse' } }, createElement('tbody', null, ...kids));
  if (tag === 'th' || tag === 'td') return createElement(tag, { key, style: { textAlign: 'left', padding: '2px 8px', verticalAlign: 'top' } }, ...kids);
  return createElement(tag, { key }, ...kids);
}

export function MailView({ mail }: { mail: CapturedMail }) {
  const body = useMemo(() => {
    if (mail.html === null) return null;
    const doc = new DOMParser().parseFromString(mail.html, 'text/html');
    return Array.from(doc.body.childNodes).map((c, i) => render(c, i, 0));
  }, [mail.html]);
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="replay-mail">
      <Typography variant="subtitle1" component="div">{mail.subject ?? '(no subject)'}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        From {mail.from ?? '?'} to {mail.to.join(', ') || '?'}
        {mail.requested ? ` · the script asked for ${mail.requested.host ?? '?'}:${mail.requested.port ?? '?'}${mail.requested.tls ? ' with TLS' : ''}${mail.requested.user ? ` as ${mail.requested.user}` : ''}; it reached the capture on 127.0.0.1` : ''}
      </Typography>
      {body !== null ? <Box sx={{ fontSize: 14 }}>{body}</Box> : <Box component="pre" sx={{ m: 0, whiteSpace: 'pre-wrap' }}>{mail.text ?? ''}</Box>}
    </Paper>
  );
}
