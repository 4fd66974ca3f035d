/**
 * The centre of the page: the line in 3D (the physics twin's frames) or as a schematic, with the
 * editor around it — palette and issues on the left, the inspector of the selected node on the
 * right. Picking a node in either view selects it; dragging or turning one in 3D edits the
 * document (undoable), and the edit reloads the run (web/state/session.ts).
 */
import { signal } from '@preact/signals';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { documentStore, selectedNodeId } from '../state/document';
import { physicsNotice, physicsScene, scene, setPhysicsFrameHandler } from '../state/twin';
import { createFrameHub } from '../view3d/frame-hub';
import type { LineView3D } from '../view3d/line-view';
import { Inspector, IssuesPanel, Palette } from '../editor';
import { Schematic } from './Schematic';

type View3DModule = typeof import('../view3d/View3D');
/** Babylon.js (~280 KB gzip) loads with the 3D view, not with the page (web.bundle). */
let view3dModule: Promise<View3DModule> | null = null;
const loadView3D = () => (view3dModule ??= import('../view3d/View3D'));

declare global {
  interface Window {
    /** Dev server only: the 3D view, for browser tests (projecting and picking nodes). */
    __lineView?: LineView3D | null;
  }
}

export type ViewTab = '3d' | 'schematic';
export const viewTab = signal<ViewTab>('3d');

/** Physics frames go straight to the 3D view (the buffer is handed back right after). */
const frames = createFrameHub();

function Tabs() {
  const has3d = physicsScene.value !== null;
  const tab = has3d ? viewTab.value : 'schematic';
  const button = (id: ViewTab, label: string, disabled = false) => (
    <button
      type="button"
      role="tab"
      class={`tab ${tab === id ? 'active' : ''}`}
      aria-selected={tab === id}
      data-testid={`tab-${id}`}
      disabled={disabled}
      onClick={() => (viewTab.value = id)}
    >
      {label}
    </button>
  );
  return (
    <div class="tabs" role="tablist" aria-label="View of the line">
      {button('3d', '3D', !has3d)}
      {button('schematic', 'Schematic')}
    </div>
  );
}

function LineIn3D() {
  const twin = physicsScene.value;
  const info = scene.value;
  const [mod, setMod] = useState<View3DModule | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    loadView3D().then((m) => alive && setMod(() => m), (e: unknown) => alive && setFailed(String(e)));
    // Only the frames of the twin on display reach the view.
    setPhysicsFrameHandler((frame, _step, generation) => {
      if (generation === physicsScene.value?.generation) frames.publish(frame);
    });
    return () => {
      alive = false;
      setPhysicsFrameHandler(null);
    };
  }, []);
  const nodes = useMemo(() => info?.nodes ?? [], [info]);
  const View3D = mod?.View3D;
  return (
    <section class="card view3d-card" aria-labelledby="view3d-heading">
      <div class="card-head">
        <h2 id="view3d-heading">Line in 3D</h2>
        <Tabs />
      </div>
      {failed && <p class="alert inline-alert" role="alert">The 3D view could not load: {failed}</p>}
      {!View3D && !failed && <p class="muted view3d-loading">Loading the 3D view…</p>}
      {View3D && <View3D
        frameLayout={twin?.frameLayout ?? null}
        nodes={nodes}
        frames={frames}
        selectedId={selectedNodeId.value}
        fitKey={info?.name}
        onPick={(id) => (id ? documentStore.pickNode(id) : documentStore.select(null))}
        onDrag={(id, x, y, phase) => documentStore.dragNode(id, [x, y], phase)}
        onRotate={(id, degrees) => documentStore.turnNode(id, degrees)}
        onView={(v) => {
          if (import.meta.env.DEV) window.__lineView = v;
        }}
      />}
    </section>
  );
}

export function Workspace() {
  const show3d = physicsScene.value !== null && viewTab.value === '3d';
  return (
    <div class="workspace">
      <aside class="workspace-left" aria-label="Add and connect">
        <Palette />
        <IssuesPanel />
      </aside>
      <div class="workspace-centre">
        {physicsNotice.value && (
          <p class="note" role="status" data-testid="physics-notice">
            {physicsNotice.value}
          </p>
        )}
        {show3d ? <LineIn3D /> : <Schematic tabs={<Tabs />} />}
      </div>
      <aside class="workspace-right" aria-label="Inspector">
        <Inspector />
      </aside>
    </div>
  );
}
