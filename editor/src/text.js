// Small text helpers of the writing view.

// A label with its {} placeholders filled in order: fill('{} words', 12).
export function fill(label, ...values) {
  let i = 0;
  return (label ?? '').replace(/\{\}/g, () => String(values[i++] ?? ''));
}

// The words readers will read in Markdown, counted as the server counts them (runs of letters and
// digits): the addresses of links and photos and the marks of Markdown are not words.
export function wordCount(markdownText) {
  const text = markdownText
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ');
  return (text.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).length;
}

// The text folded for finding: lower case, without diacritics, đ as d.
export function folded(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}
