/** Checks a new id before the store is asked to rename (it refuses taken or malformed ids). */
import { isValidId } from '../state/document-ops';

export function idProblem(text: string, taken: (id: string) => boolean): string | null {
  if (!isValidId(text)) return 'use 1–64 letters, digits and _ . : -';
  if (taken(text)) return `"${text}" is already used`;
  return null;
}
