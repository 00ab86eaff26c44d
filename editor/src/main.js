// The writing view over the editor's plain form: the body in CodeMirror with a toolbar and
// shortcuts for Markdown, a live preview by the public page's own code, photos pasted or dropped
// into the text and chosen from the library, authors and tags as chips, words and search and share
// previews kept up to date, and automatic saves. Every label comes from the page (the server's
// labels in the account's language); without this script the page is the form it enhances.
import { EditorState } from '@codemirror/state';
import { EditorView, drawSelection, keymap } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
// The Markdown language alone: markdown() would bring HTML, CSS and JavaScript for code blocks.
import { deleteMarkupBackward, insertNewlineContinueMarkup, markdownLanguage } from '@codemirror/lang-markdown';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { insertBlock, insertLink, photoMarkdown, toggleLinePrefix, toggleWrap } from './markdown.js';
import { Photos } from './photos.js';
import { authorChips, tagChips } from './chips.js';
import { startAutosave } from './autosave.js';
import { fill, wordCount } from './text.js';

const form = document.querySelector('form.editor');
const tools = document.getElementById('writing-tools');
if (form && tools) start(form, tools.content);

function start(form, ui) {
  const labels = ui.querySelector('[data-labels]').dataset;
  const textarea = form.elements.body;
  const writing = ui.querySelector('.writing').cloneNode(true);
  textarea.after(writing);
  textarea.hidden = true;
  const photos = new Photos(form, ui, labels);
  for (const button of document.querySelectorAll('dialog [data-close]')) {
    button.addEventListener('click', () => button.closest('dialog').close(button.value));
  }

  const commands = {
    bold: (v) => toggleWrap(v, '**'),
    italic: (v) => toggleWrap(v, '_'),
    heading: (v) => toggleLinePrefix(v, '## '),
    quote: (v) => toggleLinePrefix(v, '> '),
    bullets: (v) => toggleLinePrefix(v, '- '),
    numbers: (v) => toggleLinePrefix(v, '', true),
    link: (v) => {
      askLink(writing, v);
      return true;
    },
    photo: (v) => {
      photos.pick((photo) => insertBlock(v, photoMarkdown(photo)));
      return true;
    },
  };
  const run = (name) => (v) => commands[name](v);

  let onChange = () => {};
  const view = new EditorView({
    parent: writing.querySelector('.pane-write'),
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        history(),
        drawSelection(),
        markdownLanguage,
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        EditorView.lineWrapping,
        EditorView.cspNonce.of(labels.styleNonce ?? ''),
        keymap.of([
          { key: 'Mod-b', run: run('bold') },
          { key: 'Mod-i', run: run('italic') },
          { key: 'Mod-k', run: run('link') },
          { key: 'Mod-Alt-2', run: run('heading') },
          { key: 'Mod-Shift-.', run: run('quote') },
          { key: 'Mod-Shift-8', run: run('bullets') },
          { key: 'Mod-Shift-7', run: run('numbers') },
          { key: 'Mod-Alt-i', run: run('photo') },
          { key: 'Enter', run: insertNewlineContinueMarkup },
          { key: 'Backspace', run: deleteMarkupBackward },
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        EditorView.contentAttributes.of({
          'aria-labelledby': 'body-label',
          'aria-multiline': 'true',
          spellcheck: 'true',
          lang: document.documentElement.lang,
        }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          // The browser's kept copy (admin.js) listens for input on the form.
          textarea.dispatchEvent(new Event('input', { bubbles: true }));
          onChange();
        }),
        EditorView.domEventHandlers({
          paste: (event, v) => photos.takeFiles(event.clipboardData, event, v, null),
          drop: (event, v) =>
            photos.takeFiles(event.dataTransfer, event, v, v.posAtCoords({ x: event.clientX, y: event.clientY })),
        }),
      ],
    }),
  });
  photos.onInsert = (v, photo, at) => {
    if (at !== null && at !== undefined) v.dispatch({ selection: { anchor: at } });
    insertBlock(v, photoMarkdown(photo));
  };
  // A copy given back by admin.js (the browser's kept text) lands in the textarea.
  textarea.addEventListener('change', () => {
    if (textarea.value !== view.state.doc.toString()) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: textarea.value } });
    }
  });

  for (const button of writing.querySelectorAll('[data-command]')) {
    button.addEventListener('click', () => commands[button.dataset.command](view));
  }
  const preview = livePreview(form, writing, labels);
  const previews = cardPreviews(form, labels);
  onChange = () => {
    preview.soon();
    previews();
  };
  form.addEventListener('input', (event) => {
    if (event.target !== textarea) {
      preview.soon();
      previews();
    }
  });
  photos.featured(form.elements.featured);
  // The fields' own labels speak of the plain form ("hold Ctrl…", "separated by commas").
  const relabel = (id, text) => {
    const label = document.querySelector(`label[for=${id}]`);
    if (label && text) label.textContent = text;
  };
  relabel('authors', labels.authorsLabel);
  relabel('tags', labels.tagsLabel);
  authorChips(form.elements.author, labels);
  tagChips(form.elements.tags, labels);
  startAutosave(form, labels);
}

// The link dialog: asks for the address, then links the selection.
function askLink(writing, view) {
  const dialog = writing.querySelector('dialog.link-dialog');
  const input = dialog.querySelector('input');
  input.value = '';
  dialog.returnValue = '';
  input.onkeydown = (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      dialog.close('ok');
    }
  };
  dialog.onclose = () => {
    const url = input.value.trim();
    if (dialog.returnValue === 'ok' && url) insertLink(view, url);
    else view.focus();
  };
  dialog.showModal();
}

// The public page as it will look, rendered by the server's preview into one of two frames in
// turn, so that the one shown never goes blank while the next loads.
function livePreview(form, writing, labels) {
  const pane = writing.querySelector('.pane-preview');
  const frames = [...pane.querySelectorAll('iframe')];
  const submit = writing.querySelector('[data-preview-submit]');
  const toggle = writing.querySelector('[data-toggle-preview]');
  let shown = 0;
  let timer = 0;
  let asked = 0;
  const visible = () => !pane.hidden;
  const load = () => {
    timer = 0;
    if (!visible()) return;
    const next = 1 - shown;
    submit.formTarget = frames[next].name;
    asked = next;
    form.requestSubmit(submit);
  };
  for (const [i, frame] of frames.entries()) {
    frame.addEventListener('load', () => {
      // A frame this page cannot read (an error page, offline) keeps the last preview shown.
      const doc = frame.contentDocument;
      if (i !== asked || !doc || doc.URL === 'about:blank') return;
      const old = frames[shown].contentDocument;
      const win = frame.contentWindow;
      if (!old || old.URL === 'about:blank') {
        // The first look starts at the article, below the journal's masthead.
        const start = doc.querySelector('article, main');
        if (start) win.scrollTo(0, start.getBoundingClientRect().top + win.scrollY);
      } else {
        const y = old.defaultView.scrollY / Math.max(1, old.documentElement.scrollHeight);
        win.scrollTo(0, y * doc.documentElement.scrollHeight);
      }
      frame.hidden = false;
      if (shown !== i) frames[shown].hidden = true;
      shown = i;
      pane.setAttribute('aria-busy', 'false');
    });
  }
  // Side by side on wide screens, one or the other on phones; the choice is the writer's.
  const setShown = (on) => {
    pane.hidden = !on;
    writing.classList.toggle('with-preview', on);
    toggle.setAttribute('aria-pressed', String(on));
    if (on) load();
  };
  toggle.addEventListener('click', () => setShown(pane.hidden));
  setShown(window.matchMedia('(min-width: 1100px)').matches);
  return {
    soon() {
      if (!visible()) return;
      pane.setAttribute('aria-busy', 'true');
      clearTimeout(timer);
      timer = setTimeout(load, 600);
    },
  };
}

// Words, reading time, and the search result and share card as the title and lead now read.
function cardPreviews(form, labels) {
  const words = document.querySelector('[data-words]');
  const titleLength = document.querySelector('[data-title-length]');
  const descriptionLength = document.querySelector('[data-description-length]');
  const number = new Intl.NumberFormat(document.documentElement.lang);
  const excerpt = (text, max) => {
    const chars = [...text.trim().replace(/\s+/g, ' ')];
    if (chars.length <= max) return chars.join('');
    const cut = chars.slice(0, max).join('');
    const space = cut.lastIndexOf(' ');
    return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
  };
  return () => {
    const n = ['title', 'lead', 'body'].reduce((sum, f) => sum + wordCount(form.elements[f].value), 0);
    if (words) words.textContent = fill(labels.wordsReading, number.format(n), Math.max(1, Math.round(n / 220)));
    const title = form.elements.title.value.trim();
    const description = form.elements.lead.value.trim();
    for (const e of document.querySelectorAll('.serp-title, .social-title')) e.textContent = excerpt(title, 60);
    for (const e of document.querySelectorAll('.serp-description, .social-description')) {
      e.textContent = excerpt(description, 160);
    }
    const titleChars = [...title].length;
    if (titleLength) {
      titleLength.textContent = fill(labels.titleLength, titleChars, 60);
      titleLength.classList.toggle('warn', titleChars > 60);
    }
    if (descriptionLength) descriptionLength.textContent = fill(labels.descriptionLength, [...description].length, 160);
  };
}
