// Photos in the writing view: the library's picker (thumbnails, newest first, found by words of
// their caption, credit or description), an upload asked for its words at once, photos pasted
// or dropped into the text, and the featured photo chosen by sight.
import { fill } from './text.js';

const request = async (url, options = {}) => {
  const response = await fetch(url, { ...options, headers: { Accept: 'application/json' } });
  const answer = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, answer };
};

export class Photos {
  constructor(form, ui, labels) {
    this.form = form;
    this.labels = labels;
    this.picker = document.body.appendChild(ui.querySelector('dialog.photo-picker').cloneNode(true));
    this.describer = document.body.appendChild(ui.querySelector('dialog.photo-describe').cloneNode(true));
    this.queue = [];
    this.onInsert = () => {};
    const search = this.picker.querySelector('input[type=search]');
    let timer = 0;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.list(search.value, 0), 250);
    });
    this.picker.querySelector('[data-more]').addEventListener('click', () => this.list(search.value, this.shown));
    this.picker.querySelector('input[type=file]').addEventListener('change', (event) => {
      const file = event.target.files[0];
      event.target.value = '';
      if (!file) return;
      const then = this.chosen;
      this.picker.close();
      this.describe(file, then);
    });
    this.describer.querySelector('[data-upload]').addEventListener('click', () => this.upload());
    this.describer.addEventListener('close', () => {
      URL.revokeObjectURL(this.describer.querySelector('img').src);
      this.next();
    });
  }

  // Opens the library; `then` gets the photo chosen.
  pick(then) {
    this.chosen = then;
    const search = this.picker.querySelector('input[type=search]');
    search.value = '';
    this.list('', 0);
    this.picker.showModal();
    search.focus();
  }

  async list(words, offset) {
    const grid = this.picker.querySelector('.picker-grid');
    const status = this.picker.querySelector('[data-picker-status]');
    const more = this.picker.querySelector('[data-more]');
    const { ok, answer } = await request(`/admin/editor/photos?q=${encodeURIComponent(words)}&offset=${offset}`);
    if (!ok) {
      status.textContent = answer.message ?? this.labels.photosFailed;
      return;
    }
    if (offset === 0) grid.replaceChildren();
    for (const photo of answer.items) {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'photo-choice';
      const img = document.createElement('img');
      img.src = photo.thumb;
      img.alt = '';
      img.loading = 'lazy';
      const words = document.createElement('span');
      words.textContent = photo.caption || photo.alt;
      button.append(img, words);
      button.setAttribute('aria-label', fill(this.labels.choosePhoto, photo.caption || photo.alt, photo.uploaded));
      button.addEventListener('click', () => {
        this.picker.close();
        this.chosen?.(photo);
      });
      item.append(button);
      grid.append(item);
    }
    this.shown = offset + answer.items.length;
    more.hidden = !answer.more;
    status.textContent = this.shown === 0 ? this.labels.noPhotosFound : fill(this.labels.photosShown, this.shown);
  }

  // Files pasted or dropped into the text: each image is described and uploaded in turn, then
  // put into the text where it was dropped (or at the cursor).
  takeFiles(transfer, event, view, at) {
    const files = [...(transfer?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (files.length === 0) return false;
    event.preventDefault();
    for (const file of files) this.queue.push([file, (photo) => this.onInsert(view, photo, at)]);
    if (!this.describer.open) this.next();
    return true;
  }

  next() {
    const waiting = this.queue.shift();
    if (waiting) this.describe(...waiting);
  }

  // Asks for the photo's words before it is sent: what it shows, its caption and its credit.
  describe(file, then) {
    this.file = file;
    this.then = then;
    const d = this.describer;
    d.querySelector('img').src = URL.createObjectURL(file);
    d.querySelector('[data-file-name]').textContent = file.name || this.labels.pastedPhoto;
    for (const input of d.querySelectorAll('input[type=text]')) {
      input.value = '';
      input.removeAttribute('aria-invalid');
    }
    for (const e of d.querySelectorAll('.error')) e.textContent = '';
    d.showModal();
    d.querySelector('input[name=alt]').focus();
  }

  async upload() {
    const d = this.describer;
    const button = d.querySelector('[data-upload]');
    const body = new FormData();
    body.append('csrf', this.form.elements.csrf.value);
    for (const input of d.querySelectorAll('input[type=text]')) body.append(input.name, input.value);
    body.append('file', this.file, this.file.name || 'pasted.png');
    button.disabled = true;
    d.setAttribute('aria-busy', 'true');
    let result;
    try {
      result = await request('/admin/editor/photo', { method: 'POST', body });
    } catch {
      result = { ok: false, answer: { message: this.labels.uploadOffline } };
    }
    button.disabled = false;
    d.setAttribute('aria-busy', 'false');
    for (const e of d.querySelectorAll('.error')) e.textContent = '';
    if (result.ok) {
      const then = this.then;
      d.close();
      then(result.answer);
      return;
    }
    const errors = result.answer.errors ?? {};
    for (const [name, message] of Object.entries(errors)) {
      const input = d.querySelector(`input[name=${name}]`);
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        d.querySelector(`[data-error-for=${name}]`).textContent = message;
      }
    }
    const general = d.querySelector('[data-error-for=file]');
    if (!general.textContent && Object.keys(errors).every((n) => !d.querySelector(`input[name=${n}]`))) {
      general.textContent = result.answer.message ?? Object.values(errors)[0] ?? this.labels.uploadFailed;
    }
    d.querySelector('[aria-invalid=true]')?.focus();
  }

  // The featured photo: its thumbnail beside the list, and the library's picker to change it.
  featured(select) {
    if (!select) return;
    const box = document.createElement('span');
    box.className = 'featured-choice';
    const img = document.createElement('img');
    img.alt = '';
    img.width = 160;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.textContent = this.labels.pickPhoto;
    box.append(img, button);
    select.after(box);
    const show = () => {
      const thumb = select.selectedOptions[0]?.dataset.thumb;
      img.hidden = !thumb;
      if (thumb) img.src = thumb;
    };
    select.addEventListener('change', show);
    show();
    button.addEventListener('click', () =>
      this.pick((photo) => {
        let option = [...select.options].find((o) => o.value === String(photo.id));
        if (!option) {
          option = new Option(`#${photo.id} ${photo.caption || photo.alt}`, String(photo.id));
          option.dataset.thumb = photo.thumb;
          select.add(option, 1);
        }
        select.value = String(photo.id);
        select.dispatchEvent(new Event('change', { bubbles: true }));
        select.dispatchEvent(new Event('input', { bubbles: true }));
        button.focus();
      }),
    );
  }
}
