/**
 * Shorthands the station sections of the Inspector share (StationFields, FailureFields,
 * OperatorFields): the node's JSON path, the issues under a path in it, and setting one of its
 * fields as one store action. One place, so the three sections address the node the same way.
 */
import type { StationNode } from '../../../engine/model/types';
import { formatPath } from '../../../engine/model/paths';
import type { DocumentStore, PathSegment } from '../../state/document';

export function stationFields(store: DocumentStore, index: number) {
  const doc = store.document.value;
  const node = doc.nodes[index] as StationNode;
  const id = node.id;
  const path = (...more: PathSegment[]) => ['nodes', index, ...more];
  const at = (...more: PathSegment[]) => store.issuesAt(formatPath(path(...more)));
  const set = (p: PathSegment[], value: unknown) => store.setNodeField(id, p, value);
  return { doc, node, id, path, at, set };
}
