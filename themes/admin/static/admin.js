// The back office's only script. Every page works without it; it adds "select all" for bulk
// actions, Ctrl/Cmd+S in the editor, and a copy of the editor's text kept in this browser until
// the server has it, offered back after a crash or a lost connection.
for (const all of document.querySelectorAll('[data-select-all]')) {
  all.addEventListener('change', () => {
    for (const box of all.form.querySelectorAll('input[name=id]')) box.checked = all.checked;
  });
}

const editor = document.querySelector('form[data-keep]');
if (editor) {
  // The writing view's first automatic save of a new article changes the key to its number.
  const key = () => `tapchi-draft:${editor.dataset.keep}`;
  // The words, and the choices beside them: the section, the featured photo, the byline in order.
  const fields = ['title', 'lead', 'body', 'slug', 'tags', 'section', 'featured'];
  const byline = editor.elements.author;
  const typed = () => ({
    ...Object.fromEntries(fields.map((f) => [f, editor.elements[f]?.value ?? ''])),
    authors: [...(byline?.selectedOptions ?? [])].map((o) => o.value),
  });
  const same = (a, b) =>
    fields.every((f) => (a[f] ?? '') === (b[f] ?? '')) && (a.authors ?? []).join() === (b.authors ?? []).join();
  const read = (k) => {
    try {
      return JSON.parse(localStorage.getItem(k) ?? 'null');
    } catch {
      return null;
    }
  };
  const keep = () => {
    try {
      localStorage.setItem(key(), JSON.stringify({ ...typed(), version: editor.dataset.version, at: Date.now() }));
    } catch {
      // storage full or refused: the server's copy is all there is
    }
  };
  // What the server shows now is what it has: a copy equal to it, or one of a new article the
  // server has just saved under its number, is no longer needed.
  const kept = read(key());
  const fresh = editor.dataset.fresh ? read(`tapchi-draft:${editor.dataset.fresh}`) : null;
  if (fresh && same(fresh, typed())) localStorage.removeItem(`tapchi-draft:${editor.dataset.fresh}`);
  if (kept && same(kept, typed())) {
    localStorage.removeItem(key());
  } else if (kept) {
    const offer = document.querySelector('[data-kept-copy]');
    offer.querySelector('time').textContent = new Date(kept.at).toLocaleString(document.documentElement.lang);
    offer.hidden = false;
    offer.querySelector('[data-restore]').addEventListener('click', () => {
      for (const f of fields) {
        const input = editor.elements[f];
        if (!input || kept[f] === undefined) continue;
        input.value = kept[f];
        input.dispatchEvent(new Event('change')); // the writing view shows what its fields hold
      }
      if (byline && kept.authors) {
        // A multiple select sends its chosen options in document order: the byline's first.
        for (const value of [...kept.authors].reverse()) {
          const option = [...byline.options].find((o) => o.value === value);
          if (option) byline.prepend(option);
        }
        for (const o of byline.options) o.selected = kept.authors.includes(o.value);
        byline.dispatchEvent(new Event('change'));
      }
      offer.hidden = true;
      editor.elements.body.focus();
    });
    offer.querySelector('[data-discard]').addEventListener('click', () => {
      localStorage.removeItem(key());
      offer.hidden = true;
    });
  }
  editor.addEventListener('input', keep);
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      editor.requestSubmit(editor.querySelector('button[value=save]'));
    }
  });
}
