// Automatic saves: every few seconds after a change, the form's text is sent to the server,
// which keeps it as a revision of the article that publishes nothing. A new article is first
// saved as a draft, and the page becomes that article's. A save the article has moved on from
// (someone else saved a newer version) stops the automatic saves and says so: the writer's text
// stays in the page and in the browser's kept copy, for the stale-save rule to settle on Save.
import { fill } from './text.js';

const kSeconds = 5;

export function startAutosave(form, labels) {
  const status = document.querySelector('[data-autosave-status]');
  status.setAttribute('role', 'status');  // a live region before it has anything to say
  let changed = false;
  let busy = false;
  let stopped = false;
  let creating = null;  // a new article's first save on its way: a Save waits for it
  const say = (text, warn = false) => {
    status.textContent = text;
    status.classList.toggle('warn', warn);
  };
  form.addEventListener('input', () => {
    changed = true;
  });
  const save = async () => {
    const id = form.elements.id.value;
    if (!changed || busy || stopped) return;
    if (id === '0' && !form.elements.title.value.trim()) return;  // a draft needs a title
    busy = true;
    changed = false;
    const body = new URLSearchParams(new FormData(form));
    body.delete('action');
    let created = () => {};
    if (id === '0') creating = new Promise((resolve) => (created = resolve));
    try {
      const response = await fetch(`/admin/articles/${id === '0' ? 'new' : id}/autosave`, {
        method: 'POST',
        body,
        headers: { Accept: 'application/json' },
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok) {
        if (answer.created) adopt(form, answer);
        say(fill(labels.autosavedAt, answer.at));
      } else if (response.status === 409) {
        stopped = true;
        say(answer.message ?? labels.autosaveFailed, true);
      } else {
        changed = true;
        say(fill(labels.autosaveFailed, answer.message ?? response.status), true);
      }
    } catch {
      changed = true;
      say(labels.autosaveOffline, true);
    }
    busy = false;
    creating = null;
    created();
  };
  // Sent while the article is being made, a Save would make it twice: it goes once it is made.
  form.addEventListener('submit', (event) => {
    if (!creating) return;
    event.preventDefault();
    const submitter = event.submitter;
    creating.then(() => form.requestSubmit(submitter));
  });
  setInterval(save, kSeconds * 1000);
}

// The page of a new article saved for the first time becomes the article's page.
function adopt(form, answer) {
  const before = form.dataset.keep;
  form.action = `/admin/articles/${answer.id}`;
  form.elements.id.value = String(answer.id);
  form.elements.version.value = String(answer.version);
  form.dataset.version = String(answer.version);
  form.dataset.keep = String(answer.id);
  history.replaceState(null, '', `/admin/articles/${answer.id}`);
  try {
    const kept = localStorage.getItem(`tapchi-draft:${before}`);
    if (kept) {
      localStorage.setItem(`tapchi-draft:${answer.id}`, kept);
      localStorage.removeItem(`tapchi-draft:${before}`);
    }
  } catch {
    // storage refused: nothing was kept to move
  }
}
