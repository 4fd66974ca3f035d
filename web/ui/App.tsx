/** The page: header, load errors, live controls, the schematic, live KPIs and replications. */
import { fatalError } from '../state/twin';
import { Controls } from './Controls';
import { Header } from './Header';
import { LiveKpis } from './LiveKpis';
import { LoadAlert } from './LoadAlert';
import { ReplicationsPanel } from './ReplicationsPanel';
import { Schematic } from './Schematic';

export function App() {
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
        <Controls />
        <Schematic />
        <div class="panels">
          <LiveKpis />
          <ReplicationsPanel />
        </div>
      </main>
    </>
  );
}
