/**
 * Preact wrapper of the 3D view (line-view.ts): owns the canvas, builds the scene when the frame
 * layout or the nodes change, forwards frames to the view without re-rendering, and shows the
 * station-state legend.
 *
 *   <View3D frameLayout={scene.frameLayout} nodes={scenario.nodes} frames={hub}
 *           selectedId={selected.value} onPick={select} onDrag={move} onRotate={turn} />
 *
 * `frames` is anything with `subscribe(listener) → unsubscribe`: a FrameHub (createFrameHub, also
 * in frame-hub.ts, which does not load Babylon) or a `Signal<Float32Array | null>`. The listener
 * reads the frame synchronously, so the owner may hand the buffer back to the worker
 * (releaseFrame) as soon as publishing returns. Frames must match `frameLayout` (drop other
 * generations before publishing).
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { TwinFrameLayout } from '../../engine/twin/physics-twin';
import type { FrameSource } from './frame-hub';
import { Legend3D } from './Legend';
import { LineView3D, type LineViewCallbacks, type LineViewOptions, type SceneNode } from './line-view';
import './view3d.css';

export { createFrameHub, type FrameHub, type FrameSource } from './frame-hub';

/** How the canvas is operated, for assistive technology (aria-label). */
export const VIEW3D_CONTROLS =
  '3D view of the line. Click a station to select it; drag a station to move it; R or Shift+R turns the selected station ' +
  'by 15 degrees; Escape clears the selection. Arrow keys orbit, Shift+arrow keys pan, plus and minus zoom, F fits the line.';

export interface View3DProps extends Omit<LineViewCallbacks, 'onPick'> {
  frameLayout: TwinFrameLayout | null;
  nodes: readonly SceneNode[];
  frames: FrameSource;
  selectedId?: string | null;
  onPick(nodeId: string | null): void;
  /** Receives the view once it exists (null when it is disposed): tests, benchmarks, fit buttons. */
  onView?(view: LineView3D | null): void;
  /** Hide the legend (default shown). */
  legend?: boolean;
  /** Options of the view, read once when it is created. */
  viewOptions?: LineViewOptions;
  /**
   * The camera is fitted to the line for the first scene, and again when this value changes (e.g.
   * the open scenario's name): a reloaded, edited scene keeps the user's view.
   */
  fitKey?: string | number;
}

export function View3D(props: View3DProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<LineView3D | null>(null);
  // One callbacks object for the view's life; it always calls the latest props.
  const callbacks = useMemo<LineViewCallbacks>(() => ({ onPick: () => {} }), []);
  callbacks.onPick = props.onPick;
  callbacks.onDrag = props.onDrag;
  callbacks.onRotate = props.onRotate;
  const onView = useRef(props.onView);
  onView.current = props.onView;
  const viewOptions = useRef(props.viewOptions);

  useLayoutEffect(() => {
    const element = canvas.current!;
    const v = new LineView3D(element, callbacks, viewOptions.current);
    view.current = v;
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => v.resize());
    observer?.observe(element);
    onView.current?.(v);
    return () => {
      observer?.disconnect();
      onView.current?.(null);
      view.current = null;
      v.dispose();
    };
  }, [callbacks]);

  // Layout effects: the scene and the selection reach the view in the same commit as the props,
  // not after the next paint (a key press right after a click must see the new selection).
  const nodesKey = props.nodes.map((n) => `${n.id}\u0000${n.type}\u0000${n.kind ?? ''}`).join('\u0001');
  const fittedKey = useRef<string | number | undefined>(undefined);
  useLayoutEffect(() => {
    if (props.frameLayout && view.current) {
      const fit = fittedKey.current !== props.fitKey ? true : undefined;
      fittedKey.current = props.fitKey;
      view.current.setScene(props.frameLayout, props.nodes, { fit });
    }
    view.current?.setSelected(props.selectedId ?? null);
  }, [props.frameLayout, nodesKey]);

  useEffect(() => props.frames.subscribe((frame) => {
    if (frame) view.current?.update(frame);
  }), [props.frames]);

  useLayoutEffect(() => {
    view.current?.setSelected(props.selectedId ?? null);
  }, [props.selectedId]);

  const selected = props.selectedId ? props.nodes.find((n) => n.id === props.selectedId) : undefined;
  return (
    <div class="view3d">
      <div class="view3d-stage">
        <canvas
          ref={canvas}
          class="view3d-canvas"
          tabIndex={0}
          role="application"
          aria-roledescription="3D line view"
          aria-label={VIEW3D_CONTROLS}
          data-testid="view3d-canvas"
        />
        <p class="view3d-caption" aria-live="polite" data-testid="view3d-caption">
          {selected ? `${selected.name ?? selected.id} (${selected.id})` : ''}
        </p>
      </div>
      {props.legend === false ? null : <Legend3D />}
    </div>
  );
}
