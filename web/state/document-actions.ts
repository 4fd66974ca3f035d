/**
 * The document store's actions (document.ts): each recipe of document-ops.ts wrapped as one undoable
 * step with the label the toolbar shows ("Move press", "Connect a → b"). Split from the store so the
 * long, flat list of edits reads apart from the store's state and history; the few actions that
 * need more than a recipe say why (a new node's id, a rename that the selection follows).
 */
import type { ReadonlySignal, Signal } from '@preact/signals';
import type { Scenario } from '../../engine/model/types';
import { formatPath } from '../../engine/model/paths';
import * as ops from './document-ops';
import type { ConnectMode, DocumentActions } from './document-types';
import type { UndoHistory } from './document-undo';

/** What the actions need of the store. */
export interface ActionContext {
  history: UndoHistory;
  gridM: ReadonlySignal<number>;
  angleSnapDeg: ReadonlySignal<number>;
  selectedNodeId: Signal<string | null>;
  connectMode: Signal<ConnectMode | null>;
}

export function createActions({ history, gridM, angleSnapDeg, selectedNodeId, connectMode }: ActionContext): DocumentActions {
  const apply = history.apply;
  const named = (verb: string, id: string) => `${verb} ${id}`;
  /** One undoable step of an operation of document-ops.ts; true when the document changed. */
  const step = (name: string, recipe: (d: Scenario) => boolean): boolean =>
    apply(name, (d) => {
      recipe(d);
    });

  return {
    moveNode: (id, at, o = {}) => step(named('Move', id), (d) => ops.moveNode(d, id, at, o.snap === false ? 0 : gridM.value)),
    rotateNode: (id, degrees, o = {}) =>
      step(named('Rotate', id), (d) => ops.rotateNode(d, id, degrees, o.snap === false ? 0 : angleSnapDeg.value)),
    turnNode: (id, delta) => step(named('Rotate', id), (d) => ops.turnNode(d, id, delta, angleSnapDeg.value)),
    setFootprint: (id, footprint) => step(named('Resize', id), (d) => ops.setFootprint(d, id, footprint)),
    unplaceNode: (id) => step(named('Take off the floor:', id), (d) => ops.unplaceNode(d, id)),
    addNode(kind, at) {
      let id = '';
      apply(`Add ${kind}`, (d) => {
        id = ops.addNode(d, kind, at, gridM.value);
      });
      // The step is named by the id the node got, known only after the recipe ran.
      history.relabelLast(`Add ${id}`);
      return id;
    },
    removeNode: (id) => step(named('Delete', id), (d) => ops.removeNode(d, id)),
    renameNode(id, newId) {
      const wasSelected = selectedNodeId.value === id;
      const from = connectMode.value?.from;
      const ok = step(`Rename ${id} to ${newId}`, (d) => ops.renameNode(d, id, newId));
      if (ok && wasSelected) selectedNodeId.value = newId;
      if (ok && from === id && connectMode.value) connectMode.value = { ...connectMode.value, from: newId };
      return ok;
    },
    setNodeField: (id, path, value) =>
      step(`Edit ${id} ${formatPath(path)}`, (d) => ops.setNodeField(d, id, path, value)),
    connect: (from, to) => step(`Connect ${from} → ${to}`, (d) => ops.connect(d, from, to)),
    disconnect: (from, to) => step(`Disconnect ${from} → ${to}`, (d) => ops.disconnect(d, from, to)),
    addConveyor: (from, to) => step(`Conveyor ${from} → ${to}`, (d) => ops.addConveyor(d, from, to)),
    removeConveyor: (id) => step(named('Delete conveyor', id), (d) => ops.removeConveyor(d, id)),
    setConveyorField: (id, path, value) =>
      step(`Edit conveyor ${id} ${formatPath(path)}`, (d) => ops.setConveyorField(d, id, path, value)),
    setRoute: (id, rule) => step(`Route ${id}: ${rule}`, (d) => ops.setRoute(d, id, rule)),
    addFailure: (id, failure) => step(named('Add a failure to', id), (d) => ops.addFailure(d, id, failure)),
    removeFailure: (id, index) => step(named('Delete a failure of', id), (d) => ops.removeFailure(d, id, index)),
    setRun: (field, value) => step(`Edit run.${field}`, (d) => ops.setRun(d, field, value)),
    setScenarioField: (field, value) => step(`Edit ${field}`, (d) => ops.setScenarioField(d, field, value)),
    addCalendar(id, calendar) {
      let added: string | null = null;
      apply('Add calendar', (d) => {
        added = ops.addCalendar(d, id);
        if (added && calendar) d.calendars![added] = structuredClone(calendar);
      });
      return added;
    },
    removeCalendar: (id) => step(named('Delete calendar', id), (d) => ops.removeCalendar(d, id)),
    renameCalendar: (id, newId) => step(`Rename calendar ${id} to ${newId}`, (d) => ops.renameCalendar(d, id, newId)),
    setCalendarField: (id, path, value) =>
      step(`Edit calendar ${id} ${formatPath(path)}`, (d) => ops.setCalendarField(d, id, path, value)),
    addShift: (id) => step(named('Add a shift to', id), (d) => ops.addShift(d, id)),
    removeShift: (id, index) => step(named('Delete a shift of', id), (d) => ops.removeShift(d, id, index)),
    setShiftField: (id, index, field, value) =>
      step(`Edit calendar ${id} shift ${index + 1} ${field}`, (d) => ops.setShiftField(d, id, index, field, value)),
    addBreak: (id, shift) => step(named('Add a break to', id), (d) => ops.addBreak(d, id, shift)),
    removeBreak: (id, shift, index) => step(named('Delete a break of', id), (d) => ops.removeBreak(d, id, shift, index)),
    addDowntime: (id, period) => step(named('Add downtime to', id), (d) => ops.addDowntime(d, id, period)),
    removeDowntime: (id, index) => step(named('Delete downtime of', id), (d) => ops.removeDowntime(d, id, index)),
    addWorkerPool(kind) {
      let id = '';
      apply('Add worker pool', (d) => {
        id = ops.addWorkerPool(d, kind);
      });
      return id;
    },
    removeWorkerPool: (id) => step(named('Delete worker pool', id), (d) => ops.removeWorkerPool(d, id)),
    renameWorkerPool: (id, newId) => step(`Rename worker pool ${id} to ${newId}`, (d) => ops.renameWorkerPool(d, id, newId)),
    setWorkerField: (id, field, value) => step(`Edit worker pool ${id} ${field}`, (d) => ops.setWorkerField(d, id, field, value)),
    setIn: (path, value, name) => step(name ?? `Edit ${formatPath(path)}`, (d) => ops.setIn(d, path, value)),
  };
}
