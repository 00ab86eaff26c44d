// The toolbar's Markdown commands over a CodeMirror view: each works on every selection range,
// and the marks it adds it takes away again when given text already carrying them.
import { EditorSelection } from '@codemirror/state';

// Wraps each selection in `mark` ("**", "_"), or unwraps it when already wrapped; an empty
// selection gets the pair with the cursor between.
export function toggleWrap(view, mark) {
  const { state } = view;
  const n = mark.length;
  view.dispatch(
    state.changeByRange((range) => {
      const before = state.sliceDoc(range.from - n, range.from);
      const after = state.sliceDoc(range.to, range.to + n);
      if (before === mark && after === mark) {
        return {
          changes: [
            { from: range.from - n, to: range.from, insert: '' },
            { from: range.to, to: range.to + n, insert: '' },
          ],
          range: EditorSelection.range(range.from - n, range.to - n),
        };
      }
      return {
        changes: [
          { from: range.from, insert: mark },
          { from: range.to, insert: mark },
        ],
        range: EditorSelection.range(range.from + n, range.to + n),
      };
    }),
  );
  view.focus();
  return true;
}

// The lines each selection touches, once each, in order.
function touchedLines(state) {
  const lines = [];
  const seen = new Set();
  for (const range of state.selection.ranges) {
    for (let pos = range.from; pos <= range.to; ) {
      const line = state.doc.lineAt(pos);
      if (!seen.has(line.number)) {
        seen.add(line.number);
        lines.push(line);
      }
      pos = line.to + 1;
    }
  }
  return lines;
}

// The block marks a line may start with; a new one replaces any other.
const blockMark = /^(#{1,6} |> |[-*+] |\d+[.)] )/;

// Starts every touched line with `prefix` ("## ", "> ", "- "), or takes it away when every line
// already has it. `numbered` numbers the lines 1., 2., 3. instead.
export function toggleLinePrefix(view, prefix, numbered = false) {
  const { state } = view;
  const lines = touchedLines(state).filter((l, i, all) => l.length > 0 || all.length === 1);
  const has = (l) => (numbered ? /^\d+[.)] /.test(l.text) : l.text.startsWith(prefix));
  const removing = lines.length > 0 && lines.every(has);
  const changes = lines.map((line, i) => {
    const old = blockMark.exec(line.text);
    const end = line.from + (old ? old[0].length : 0);
    const insert = removing ? '' : numbered ? `${i + 1}. ` : prefix;
    return { from: line.from, to: end, insert };
  });
  view.dispatch({ changes, scrollIntoView: true });
  view.focus();
  return true;
}

// Makes the selection a link to `url`; without a selection the address is its own text.
export function insertLink(view, url) {
  const { state } = view;
  view.dispatch(
    state.changeByRange((range) => {
      const text = state.sliceDoc(range.from, range.to) || url;
      const insert = `[${text}](${url})`;
      return {
        changes: { from: range.from, to: range.to, insert },
        range: EditorSelection.cursor(range.from + insert.length),
      };
    }),
  );
  view.focus();
}

// A title of Markdown's image syntax holds no unescaped quote.
const quoted = (text) => text.replace(/["\\]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');

// The Markdown of a library photo as a figure of its own paragraph: the site's renderer shows
// ![alt](media:ID "caption | credit") with the library's variants, caption and credit.
export function photoMarkdown(photo) {
  const words = [photo.caption, photo.credit].filter(Boolean).map(quoted).join(' | ');
  const alt = (photo.alt || '').replace(/[\[\]\\]/g, '').replace(/\s+/g, ' ');
  return `![${alt}](media:${photo.id}${words ? ` "${words}"` : ''})`;
}

// Puts `block` on lines of its own at the cursor, with blank lines around it.
export function insertBlock(view, block) {
  const { state } = view;
  const at = state.selection.main.to;
  const line = state.doc.lineAt(at);
  const pos = line.length === 0 ? at : line.to;
  const before = pos === 0 ? '' : state.sliceDoc(pos - 2, pos) === '\n\n' ? '' : line.length === 0 ? '\n' : '\n\n';
  const after = state.sliceDoc(pos, pos + 2) === '\n\n' ? '' : '\n\n';
  const insert = before + block + after;
  view.dispatch({
    changes: { from: pos, insert },
    selection: EditorSelection.cursor(pos + insert.length),
    scrollIntoView: true,
  });
  view.focus();
}
