/**
 * The Inspector's sections of a station: its kind, servers, times, scrap and calendar; rework; and,
 * each in a module of its own, its failures and its operators.
 */
import type { StationKind } from '../../../engine/model/types';
import { formatPath } from '../../../engine/model/paths';
import type { DocumentStore } from '../../state/document';
import { DistributionEditor } from '../DistributionEditor';
import { CheckboxField, NumberField, Section, SelectField } from '../fields';
import { FailureFields } from './FailureFields';
import { OperatorFields } from './OperatorFields';
import { stationFields } from './node-fields';

const KIND_OPTIONS: { value: StationKind; label: string }[] = [
  { value: 'machine', label: 'Machine' },
  { value: 'manual', label: 'Manual (needs operators)' },
  { value: 'robot', label: 'Robot' },
];

export function StationFields({ store, index }: { store: DocumentStore; index: number }) {
  const { doc, node, id, path, at, set } = stationFields(store, index);
  const reworkTargets = doc.nodes.filter((n) => n.type === 'buffer' || n.type === 'station').map((n) => n.id);
  const calendars = Object.keys(doc.calendars ?? {});
  return (
    <>
      <Section title="Station">
        <div class="ed-grid">
          <SelectField
            label="Kind"
            value={node.kind ?? 'machine'}
            options={KIND_OPTIONS}
            testId="station-kind"
            issues={at('kind')}
            onChange={(v) => set(['kind'], v)}
          />
          <NumberField
            label="Servers"
            value={node.capacity}
            optional
            placeholder="1"
            testId="station-capacity"
            issues={at('capacity')}
            onCommit={(v) => set(['capacity'], v)}
          />
          <NumberField
            label="Ideal cycle"
            unit="s"
            value={node.idealCycleSeconds}
            optional
            placeholder="cycle mean"
            issues={at('idealCycleSeconds')}
            onCommit={(v) => set(['idealCycleSeconds'], v)}
          />
          <NumberField
            label="Scrap"
            unit="probability"
            value={node.scrap}
            optional
            placeholder="0"
            testId="station-scrap"
            issues={at('scrap')}
            onCommit={(v) => set(['scrap'], v)}
          />
        </div>
        <DistributionEditor
          store={store}
          label="Cycle time"
          value={node.cycle}
          path={path('cycle')}
          testId="station-cycle"
          onChange={(d) => set(['cycle'], d)}
        />
        <DistributionEditor
          store={store}
          label="Setup (changeover between products)"
          value={node.setup}
          path={path('setup')}
          noneLabel="none"
          onChange={(d) => set(['setup'], d)}
        />
        <SelectField
          label="Calendar"
          value={node.calendar ?? ''}
          options={[{ value: '', label: 'always on shift' }, ...calendars.map((c) => ({ value: c, label: c }))]}
          testId="station-calendar"
          issues={at('calendar')}
          onChange={(v) => set(['calendar'], v === '' ? undefined : v)}
        />
      </Section>

      <Section title="Rework" issues={store.issuesAt(formatPath(path('rework')), { exact: true })}>
        <CheckboxField
          label="Send some finished parts back for rework"
          checked={node.rework !== undefined}
          onChange={(on) => set(['rework'], on ? { probability: 0.05, to: reworkTargets.find((t) => t !== id) ?? id } : undefined)}
        />
        {node.rework && (
          <div class="ed-grid">
            <NumberField
              label="Probability"
              value={node.rework.probability}
              issues={at('rework', 'probability')}
              onCommit={(v) => set(['rework', 'probability'], v)}
            />
            <SelectField
              label="Back to"
              value={node.rework.to}
              options={reworkTargets.map((t) => ({ value: t, label: t }))}
              issues={at('rework', 'to')}
              onChange={(v) => set(['rework', 'to'], v)}
            />
          </div>
        )}
      </Section>

      <FailureFields store={store} index={index} />
      <OperatorFields store={store} index={index} />
    </>
  );
}
