// Authors and tags as chips with a type-to-find list (a combobox): chosen in byline order, moved
// earlier or taken away by button, found without diacritics ("tran" finds "Trần"), and new ones
// made in place. The form's own fields stay the truth the server reads.
import { fill, folded } from './text.js';

let counter = 0;

// A chip picker after `anchor`. `options()` lists {value, name} to choose from; `create(name)`
// makes a new one (or null when this account may not); `changed(list)` hears the chosen ones.
function chipPicker({ anchor, labelFor, chosen, options, create, changed, labels }) {
  const n = ++counter;
  const box = document.createElement('div');
  box.className = 'chips';
  const list = document.createElement('ul');
  list.className = 'chip-list';
  const input = document.createElement('input');
  input.type = 'text';
  input.id = `chip-input-${n}`;
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', `chip-options-${n}`);
  input.autocomplete = 'off';
  const found = document.createElement('ul');
  found.id = `chip-options-${n}`;
  found.setAttribute('role', 'listbox');
  found.className = 'chip-options';
  found.hidden = true;
  box.append(list, input, found);
  anchor.after(box);
  if (labelFor) labelFor.htmlFor = input.id;

  let picked = [...chosen];
  let offered = [];
  let active = -1;

  const render = () => {
    list.replaceChildren();
    picked.forEach((item, i) => {
      const chip = document.createElement('li');
      chip.className = 'chip';
      const name = document.createElement('span');
      name.textContent = item.name;
      chip.append(name);
      if (i > 0) {
        const earlier = document.createElement('button');
        earlier.type = 'button';
        earlier.textContent = '←';
        earlier.setAttribute('aria-label', fill(labels.moveEarlier, item.name));
        earlier.addEventListener('click', () => {
          picked.splice(i - 1, 0, ...picked.splice(i, 1));
          update();
          list.children[i - 1]?.querySelector('button')?.focus();
        });
        chip.append(earlier);
      }
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = '×';
      remove.setAttribute('aria-label', fill(labels.removeChip, item.name));
      remove.addEventListener('click', () => {
        picked.splice(i, 1);
        update();
        input.focus();
      });
      chip.append(remove);
      list.append(chip);
    });
  };
  const update = () => {
    render();
    changed(picked);
  };
  const close = () => {
    found.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const mark = (i) => {
    active = i;
    [...found.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) input.setAttribute('aria-activedescendant', found.children[i].id);
  };
  const choose = async (offer) => {
    let item = offer.item;
    if (!item) {
      item = await create(offer.name);
      if (!item) return;
    }
    if (!picked.some((p) => p.value === item.value)) picked.push(item);
    input.value = '';
    close();
    update();
    input.focus();
  };
  const search = () => {
    const typed = input.value.trim();
    const key = folded(typed);
    offered = options()
      .filter((o) => !picked.some((p) => p.value === o.value) && folded(o.name).includes(key))
      .slice(0, 8)
      .map((item) => ({ item, text: item.name }));
    const exact = options().some((o) => folded(o.name) === key);
    if (typed && !exact && create) offered.push({ name: typed, text: fill(labels.addNew, typed) });
    found.replaceChildren();
    offered.forEach((o, i) => {
      const li = document.createElement('li');
      li.id = `${found.id}-${i}`;
      li.setAttribute('role', 'option');
      li.textContent = o.text;
      li.addEventListener('mousedown', (event) => {
        event.preventDefault();
        choose(o);
      });
      found.append(li);
    });
    const open = offered.length > 0 && (typed !== '' || document.activeElement === input);
    found.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    mark(open ? 0 : -1);
  };
  input.addEventListener('input', search);
  input.addEventListener('focus', search);
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (found.hidden) search();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      if (offered.length) mark((active + step + offered.length) % offered.length);
      event.preventDefault();
    } else if (event.key === 'Enter' || (event.key === ',' && input.value.trim())) {
      if (active >= 0 && !found.hidden) {
        event.preventDefault();
        choose(offered[active]);
      } else if (input.value.trim()) {
        event.preventDefault();
      }
    } else if (event.key === 'Escape' && !found.hidden) {
      event.preventDefault();
      close();
    } else if (event.key === 'Backspace' && input.value === '' && picked.length) {
      picked.pop();
      update();
    }
  });
  render();
  return {
    input,
    // Chooses `list` anew (the field was given a value from elsewhere).
    reset(list) {
      picked = [...list];
      render();
    },
  };
}

// The byline: the form's <select multiple> stays, its chosen options in byline order.
export function authorChips(select, labels) {
  if (!select) return;
  const options = () => [...select.options].map((o) => ({ value: o.value, name: o.textContent }));
  const label = document.querySelector(`label[for=${select.id}]`);
  select.hidden = true;
  const picker = chipPicker({
    anchor: select,
    labelFor: label,
    chosen: [...select.selectedOptions].map((o) => ({ value: o.value, name: o.textContent })),
    options,
    labels,
    create:
      labels.mayCreateAuthor === 'true'
        ? async (name) => {
            const form = select.form;
            const body = new URLSearchParams({
              csrf: form.elements.csrf.value,
              edition: form.elements.edition.value,
              name,
            });
            const response = await fetch('/admin/editor/author', {
              method: 'POST',
              body,
              headers: { Accept: 'application/json' },
            });
            const answer = await response.json().catch(() => ({}));
            if (!response.ok) {
              window.alert(answer.message ?? labels.authorNotAdded);
              return null;
            }
            select.add(new Option(answer.name, String(answer.id)));
            return { value: String(answer.id), name: answer.name };
          }
        : null,
    changed: (picked) => {
      // A multiple select sends its chosen options in document order: put them in byline order.
      for (const p of [...picked].reverse()) {
        const option = [...select.options].find((o) => o.value === p.value);
        select.prepend(option);
      }
      for (const o of select.options) o.selected = picked.some((p) => p.value === o.value);
      select.dispatchEvent(new Event('input', { bubbles: true }));
    },
  });
  // The browser's kept copy, given back, chooses the byline anew.
  select.addEventListener('change', () =>
    picker.reset([...select.selectedOptions].map((o) => ({ value: o.value, name: o.textContent }))),
  );
}

// Tags: the form's "a, b, c" field stays, written from the chips; any new name is a new tag.
export function tagChips(input, labels) {
  if (!input) return;
  const known = () =>
    [...(input.list?.options ?? [])].map((o) => ({ value: folded(o.value), name: o.value }));
  const label = document.querySelector(`label[for=${input.id}]`);
  const chosen = () =>
    input.value
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
      .map((name) => ({ value: folded(name), name }));
  input.hidden = true;
  const typing = chipPicker({
    anchor: input,
    labelFor: label,
    chosen: chosen(),
    options: known,
    labels,
    create: async (name) => ({ value: folded(name), name }),
    changed: (picked) => {
      input.value = picked.map((p) => p.name).join(', ');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
  });
  // The browser's kept copy, given back, holds tags too.
  input.addEventListener('change', () => typing.reset(chosen()));
  // A name typed but not yet made a chip is sent too.
  input.form.addEventListener('formdata', (event) => {
    const typed = typing.input.value.trim();
    if (typed) event.formData.set(input.name, [input.value, typed].filter(Boolean).join(', '));
  });
}
