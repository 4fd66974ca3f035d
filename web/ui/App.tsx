/**
 * The page: header, load errors, the editor's toolbar, run controls, the line (3D or schematic)
 * with the palette, issues and inspector around it, live KPIs, the experiment (replications) and
 * the dashboards (ECharts, loaded lazily).
 */
import { useMemo } from 'preact/hooks';
import { batch, fatalError, frame, scene } from '../state/twin';
import { autosaveStatus } from '../state/session';
import { RecoveredAlert, Toolbar } from '../editor';
import { Dashboard } from '../dashboard/Dashboard';
import { trackLiveHistory } from '../dashboard/live';
import { Controls } from './Controls';
import { Header } from './Header';
import { LiveKpis } from './LiveKpis';
import { LoadAlert } from './LoadAlert';
import { ReplicationsPanel } from './ReplicationsPanel';
import { Workspace } from './Workspace';
import type { Signal } from '@preact/signals';
import type { AutosaveStatus } from '../state/autosave';

export function App() {
  const tracker = useMemo(() => trackLiveHistory(scene, frame), []);
  return (
    <>
      <Header />
      <main class="app-main">
        {fatalError.value && (
          <div class="alert" role="alert" data-testid="fatal-error">
            <strong>The simulation stopped:</strong> {fatalError.value}
          </div>
        )}
        <LoadAlert />
        <RecoveredAlert />
        <Toolbar autosave={autosaveStatus.value ? (autosaveStatus as Signal<AutosaveStatus>) : undefined} />
        <Controls />
        <Workspace />
        <div class="panels">
          <LiveKpis />
          <ReplicationsPanel />
        </div>
        <Dashboard report={batch.value.report} live={tracker.live.value} summarySource="live" title="Dashboards" />
      </main>
    </>
  );
}
