/**
 * Read-only XML view with simple syntax highlighting and folding, built from React elements only
 * (the document is attacker-controlled: it is never turned into HTML). The text given here is the
 * core's masked raw XML.
 */
import { Box } from '@mui/material';
import { memo, useMemo, useState, type ReactNode } from 'react';
import { consoleVar } from '../app/theme';

type Tok =
  | { t: 'open'; name: string; attrs: Array<[string, string, string]>; self: boolean }
  | { t: 'close'; name: string }
  | { t: 'text'; text: string }
  | { t: 'other'; text: string; kind: 'comment' | 'cdata' | 'pi' | 'doctype' };

interface XNode {
  tok: Extract<Tok, { t: 'open' }> | null;
  children: Array<XNode | Tok>;
  id: number;
}

const ATTR = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

function tokenize(xml: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      out.push({ t: 'text', text: xml.slice(i) });
      break;
    }
    if (lt > i) out.push({ t: 'text', text: xml.slice(i, lt) });
    const take = (end: string, kind: 'comment' | 'cdata' | 'pi' | 'doctype') => {
      const e = xml.indexOf(end, lt);
      const stop = e < 0 ? n : e + end.length;
      out.push({ t: 'other', text: xml.slice(lt, stop), kind });
      i = stop;
    };
    if (xml.startsWith('<!--', lt)) take('-->', 'comment');
    else if (xml.startsWith('<![CDATA[', lt)) take(']]>', 'cdata');
    else if (xml.startsWith('<?', lt)) take('?>', 'pi');
    else if (xml.startsWith('<!', lt)) take('>', 'doctype');
    else {
      // A tag: find its end outside quotes.
      let j = lt + 1;
      let q: string | null = null;
      for (; j < n; j++) {
        const c = xml[j]!;
        if (q) {
          if (c === q) q = null;
        } else if (c === '"' || c === "'") q = c;
        else if (c === '>') break;
      }
      const body = xml.slice(lt + 1, j);
      i = j + 1;
      if (body.startsWith('/')) out.push({ t: 'close', name: body.slice(1).trim() });
      else {
        const self = body.endsWith('/');
        const inner = self ? body.slice(0, -1) : body;
        const m = /^[^\s/>]+/.exec(inner);
        const name = m ? m[0] : inner;
        const attrs: Array<[string, string, string]> = [];
        ATTR.lastIndex = 0;
        let a: RegExpExecArray | null;
        const rest = inner.slice(name.length);
        while ((a = ATTR.exec(rest))) attrs.push([a[1]!, a[2]![0]!, a[3] ?? a[4] ?? '']);
        out.push({ t: 'open', name, attrs, self });
      }
    }
  }
  return out;
}

function buildTree(toks: Tok[]): XNode {
  let id = 0;
  const root: XNode = { tok: null, children: [], id: id++ };
  const stack: XNode[] = [root];
  for (const tok of toks) {
    const top = stack[stack.length - 1]!;
    if (tok.t === 'open' && !tok.self) {
      const node: XNode = { tok, children: [], id: id++ };
      top.children.push(node);
      stack.push(node);
    } else if (tok.t === 'close') {
      if (stack.length > 1) stack.pop();
    } else if (tok.t === 'text') {
      if (tok.text.trim()) top.children.push({ t: 'text', text: tok.text.trim() });
    } else top.children.push(tok);
  }
  return root;
}

const C = {
  tag: consoleVar('xml-tag'),
  attr: consoleVar('xml-attr'),
  value: consoleVar('xml-value'),
  masked: consoleVar('xml-masked'),
  comment: consoleVar('xml-comment'),
  punct: consoleVar('xml-punct'),
};

function OpenTag({ tok, close }: { tok: Extract<Tok, { t: 'open' }>; close: '>' | '/>' }) {
  return (
    <>
      <span style={{ color: C.punct }}>&lt;</span>
      <span style={{ color: C.tag }}>{tok.name}</span>
      {tok.attrs.map(([k, q, v], i) => (
        <span key={i}>
          {' '}
          <span style={{ color: C.attr }}>{k}</span>
          <span style={{ color: C.punct }}>=</span>
          <span style={{ color: v === '********' ? C.masked : C.value, fontWeight: v === '********' ? 700 : 400 }}>
            {q}
            {v}
            {q}
          </span>
        </span>
      ))}
      <span style={{ color: C.punct }}>{close}</span>
    </>
  );
}

const Line = ({ depth, children }: { depth: number; children: ReactNode }) => (
  <div style={{ paddingLeft: depth * 14, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{children}</div>
);

const Leaf = ({ item, depth }: { item: Tok; depth: number }) => {
  if (item.t === 'open') {
    return (
      <Line depth={depth}>
        <span style={{ display: 'inline-block', width: 14 }} />
        <OpenTag tok={item} close="/>" />
      </Line>
    );
  }
  if (item.t === 'text') {
    return (
      <Line depth={depth}>
        <span style={{ display: 'inline-block', width: 14 }} />
        <span style={{ color: item.text === '********' ? C.masked : undefined, fontWeight: item.text === '********' ? 700 : 400 }}>{item.text}</span>
      </Line>
    );
  }
  if (item.t === 'other') {
    return (
      <Line depth={depth}>
        <span style={{ display: 'inline-block', width: 14 }} />
        <span style={{ color: item.kind === 'cdata' ? undefined : C.comment }}>{item.text}</span>
      </Line>
    );
  }
  return null;
};

const Element = memo(function Element({ node, depth, openDepth }: { node: XNode; depth: number; openDepth: number }) {
  const [open, setOpen] = useState(depth < openDepth);
  const tok = node.tok!;
  const onlyText = node.children.length === 1 && 't' in node.children[0]! && (node.children[0] as Tok).t === 'text';
  if (node.children.length === 0 || onlyText) {
    const text = onlyText ? (node.children[0] as Extract<Tok, { t: 'text' }>).text : '';
    return (
      <Line depth={depth}>
        <span style={{ display: 'inline-block', width: 14 }} />
        <OpenTag tok={tok} close=">" />
        <span style={{ color: text === '********' ? C.masked : undefined, fontWeight: text === '********' ? 700 : 400 }}>{text}</span>
        <span style={{ color: C.punct }}>&lt;/</span>
        <span style={{ color: C.tag }}>{tok.name}</span>
        <span style={{ color: C.punct }}>&gt;</span>
      </Line>
    );
  }
  return (
    <>
      <Line depth={depth}>
        <button
          type="button"
          aria-label={`${open ? 'Fold' : 'Unfold'} ${tok.name}`}
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          style={{ width: 14, border: 0, padding: 0, background: 'none', cursor: 'pointer', color: 'inherit', font: 'inherit' }}
        >
          {open ? '▾' : '▸'}
        </button>
        <OpenTag tok={tok} close=">" />
        {!open && (
          <>
            <span style={{ color: C.comment }}> … {node.children.length} child{node.children.length === 1 ? '' : 'ren'} … </span>
            <span style={{ color: C.punct }}>&lt;/</span>
            <span style={{ color: C.tag }}>{tok.name}</span>
            <span style={{ color: C.punct }}>&gt;</span>
          </>
        )}
      </Line>
      {open && (
        <>
          <Children node={node} depth={depth + 1} openDepth={openDepth} />
          <Line depth={depth}>
            <span style={{ display: 'inline-block', width: 14 }} />
            <span style={{ color: C.punct }}>&lt;/</span>
            <span style={{ color: C.tag }}>{tok.name}</span>
            <span style={{ color: C.punct }}>&gt;</span>
          </Line>
        </>
      )}
    </>
  );
});

const MAX_CHILDREN_SHOWN = 500;

function Children({ node, depth, openDepth }: { node: XNode; depth: number; openDepth: number }) {
  const [all, setAll] = useState(false);
  const shown = all ? node.children : node.children.slice(0, MAX_CHILDREN_SHOWN);
  return (
    <>
      {shown.map((c, i) => ('tok' in c ? <Element key={c.id} node={c} depth={depth} openDepth={openDepth} /> : <Leaf key={`l${i}`} item={c} depth={depth} />))}
      {!all && node.children.length > MAX_CHILDREN_SHOWN && (
        <Line depth={depth}>
          <button type="button" onClick={() => setAll(true)} style={{ border: 0, background: 'none', color: C.tag, cursor: 'pointer', font: 'inherit' }}>
            show {node.children.length - MAX_CHILDREN_SHOWN} more…
          </button>
        </Line>
      )}
    </>
  );
}

/** Above this size the view shows plain text (still masked by the core) instead of a tree. */
const TREE_LIMIT = 2 * 1024 * 1024;

export function XmlView({ xml, label }: { xml: string; label: string }) {
  const tree = useMemo(() => (xml.length <= TREE_LIMIT ? buildTree(tokenize(xml)) : null), [xml]);
  return (
    <Box
      role="region"
      aria-label={label}
      data-testid="raw-xml"
      sx={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12.5, lineHeight: 1.5, p: 1.5, bgcolor: 'action.hover', borderRadius: 1, overflow: 'auto', maxHeight: 520 }}
    >
      {tree ? <Children node={tree} depth={0} openDepth={4} /> : <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{xml.slice(0, TREE_LIMIT)}</pre>}
    </Box>
  );
}
