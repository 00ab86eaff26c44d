// The back office's only script: "select all" for bulk actions. Everything works without it.
for (const all of document.querySelectorAll('[data-select-all]')) {
  all.addEventListener('change', () => {
    for (const box of all.form.querySelectorAll('input[name=id]')) box.checked = all.checked;
  });
}
