/**
 * Edits one distribution (docs: Distributions): its kind and the parameters of that kind, each
 * showing the issues under its JSON path. Switching the kind keeps the mean (distributions.ts).
 */
import type { Distribution, DistributionKind } from '../../engine/model/types';
import { formatPath } from '../../engine/model/paths';
import { pathIsUnder, type DocumentStore, type PathSegment } from '../state/document';
import {
  convertDistribution, DIST_LABELS, DIST_PARAMS, DISTRIBUTION_KINDS, formatValues, parseValuesText,
} from './distributions';
import { IssueList, NumberField, SelectField, TextField } from './fields';

export interface DistributionEditorProps {
  store: DocumentStore;
  label: string;
  value: Distribution | undefined;
  /** Where the distribution is in the document (`['nodes', 3, 'cycle']`), for its issues. */
  path: readonly PathSegment[];
  /** The whole new distribution, or undefined for "none" (only when `noneLabel` is given). */
  onChange: (value: Distribution | undefined) => void;
  /** Offers "none" under this label (an optional distribution: setup, interarrival). */
  noneLabel?: string;
  testId?: string;
}

const NONE = '';

export function DistributionEditor({ store, label, value, path, onChange, noneLabel, testId }: DistributionEditorProps) {
  const base = formatPath(path);
  const kind = value && typeof value.dist === 'string' ? value.dist : NONE;
  const options = [
    ...(noneLabel !== undefined || !value ? [{ value: NONE, label: noneLabel ?? 'choose…' }] : []),
    ...DISTRIBUTION_KINDS.map((k) => ({ value: k, label: DIST_LABELS[k] })),
  ];
  const params = value ? (value as unknown as Record<string, unknown>) : {};
  const at = (key: string) => store.issuesAt(formatPath([...path, key]));
  // Issues on the distribution itself (required, an unknown key), not on one of its parameters.
  const shown = (kind ? [...DIST_PARAMS[kind as DistributionKind].map((p) => p.key), 'values', 'dist'] : ['dist'])
    .map((k) => formatPath([...path, k]));
  const own = store.issuesAt(base).filter((i) => !shown.some((p) => pathIsUnder(i.path, p)));
  return (
    <fieldset class="ed-dist" data-testid={testId}>
      <legend>{label}</legend>
      <div class="ed-grid">
        <SelectField
          label="Distribution"
          value={kind}
          options={options}
          issues={at('dist')}
          onChange={(k) => onChange(k === NONE ? undefined : convertDistribution(value, k as DistributionKind))}
        />
        {kind !== NONE &&
          kind !== 'empirical' &&
          DIST_PARAMS[kind as DistributionKind].map((p) => (
            <NumberField
              key={`${kind}.${p.key}`}
              label={p.label}
              unit={p.key === 'shape' ? undefined : 's'}
              value={typeof params[p.key] === 'number' ? (params[p.key] as number) : undefined}
              issues={at(p.key)}
              onCommit={(n) => onChange({ ...(value as Distribution), [p.key]: n } as Distribution)}
            />
          ))}
      </div>
      {kind === 'empirical' && (
        <TextField
          label="Observed values"
          unit="s, separated by commas"
          multiline
          value={formatValues(params.values as unknown[] | undefined)}
          issues={at('values')}
          check={(text) => {
            const r = parseValuesText(text);
            return r.ok ? (r.values.length ? null : 'at least one value') : r.message;
          }}
          onCommit={(text) => {
            const r = parseValuesText(text ?? '');
            if (r.ok) onChange({ dist: 'empirical', values: r.values });
          }}
        />
      )}
      <IssueList issues={own} />
    </fieldset>
  );
}
