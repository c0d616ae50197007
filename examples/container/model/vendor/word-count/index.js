/** A stand-in for a real dependency from the npm registry: counts whitespace-separated words. */
export const countWords = (text) => text.split(/\s+/).filter(Boolean).length;
