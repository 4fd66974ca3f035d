/**
 * What the user does in the 3D view (line-view.ts), canvas focused: click a node to select it
 * (onPick(id); empty floor: onPick(null)); drag a node over the floor (onDrag with the node centre
 * the pointer would put it at, raw — snapping is the store's job — in metres in the twin's frame;
 * while dragging the node is drawn there); R / Shift+R turns the selected node by +15° / −15°;
 * arrows orbit, Shift+arrows pan, + / − zoom, F fits the line, Escape cancels a drag or clears the
 * selection. Left drag orbits, right drag pans and the wheel zooms through Babylon's own camera
 * inputs; a press on a node is taken from them here, so it never moves the camera.
 *
 * Kept apart from the view so the press / drag / click state machine reads in one place; it
 * reaches the view only through InputHost (picking, redrawing the nodes, asking for a render).
 */
import type { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera';
import { PointerEventTypes, type PointerInfoPre } from '@babylonjs/core/Events/pointerEvents';

import { ORBIT_STEP_RAD, orbitCamera, panCamera, ZOOM_STEP, zoomCamera } from './camera';
import type { LineScene } from './scene-build';

export type DragPhase = 'start' | 'move' | 'end';

export interface LineViewCallbacks {
  /** A node was clicked (its id), or empty space (null). */
  onPick(nodeId: string | null): void;
  /** A node is being dragged: (x, y) is the node centre under the pointer, metres, twin frame (z up), unsnapped. */
  onDrag?(nodeId: string, x: number, y: number, phase: DragPhase): void;
  /** R / Shift+R on the selected node: turn it by this many degrees (counter-clockwise from above). */
  onRotate?(nodeId: string, deltaDegrees: number): void;
}

/** Rotation per R press, degrees. */
export const ROTATE_STEP_DEG = 15;
/** Pointer travel (CSS px) before a press on a node becomes a drag. */
const DRAG_THRESHOLD_PX = 4;

export interface DragState {
  node: number;
  pointerId: number;
  downX: number;
  downY: number;
  /** Node centre minus the floor point under the pointer at the press. */
  offsetX: number;
  offsetY: number;
  started: boolean;
  x: number;
  y: number;
}

/** What input needs of the view. */
export interface InputHost {
  readonly canvas: HTMLCanvasElement;
  readonly camera: ArcRotateCamera;
  readonly callbacks: LineViewCallbacks;
  readonly lineScene: LineScene;
  selectedId(): string | null;
  /** Index of the node drawn at canvas point (x, y), or −1. */
  pickNodeIndex(x: number, y: number): number;
  floorPoint(x: number, y: number): [number, number] | null;
  /** Redraws the nodes from the cached poses and the drag preview. */
  writeNodes(): void;
  fitToLine(): void;
  requestRender(): void;
}

export class ViewInput {
  /** The node being pressed or dragged (a press becomes a drag past DRAG_THRESHOLD_PX). */
  drag: DragState | null = null;
  private press: { x: number; y: number; onNode: boolean } | null = null;

  constructor(private readonly host: InputHost) {}

  private orbit(dAlpha: number, dBeta: number): void {
    orbitCamera(this.host.camera, dAlpha, dBeta);
    this.host.requestRender();
  }

  private pan(right: number, ahead: number): void {
    panCamera(this.host.camera, right, ahead);
    this.host.requestRender();
  }

  private zoom(factor: number): void {
    zoomCamera(this.host.camera, factor);
    this.host.requestRender();
  }

  readonly onKeyDown = (e: KeyboardEvent): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const host = this.host;
    let handled = true;
    switch (e.key) {
      case 'ArrowLeft': e.shiftKey ? this.pan(-0.05, 0) : this.orbit(ORBIT_STEP_RAD, 0); break;
      case 'ArrowRight': e.shiftKey ? this.pan(0.05, 0) : this.orbit(-ORBIT_STEP_RAD, 0); break;
      case 'ArrowUp': e.shiftKey ? this.pan(0, 0.05) : this.orbit(0, -ORBIT_STEP_RAD); break;
      case 'ArrowDown': e.shiftKey ? this.pan(0, -0.05) : this.orbit(0, ORBIT_STEP_RAD); break;
      case '+': case '=': this.zoom(ZOOM_STEP); break;
      case '-': case '_': this.zoom(1 / ZOOM_STEP); break;
      case 'f': case 'F': host.fitToLine(); break;
      case 'r': case 'R': {
        const selectedId = host.selectedId();
        if (selectedId !== null && host.lineScene.nodeIds.includes(selectedId) && host.callbacks.onRotate) {
          host.callbacks.onRotate(selectedId, e.shiftKey ? -ROTATE_STEP_DEG : ROTATE_STEP_DEG);
        } else handled = false;
        break;
      }
      case 'Escape':
        if (this.drag) this.cancelDrag();
        else if (host.selectedId() !== null) host.callbacks.onPick(null);
        else handled = false;
        break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  };

  onPointer(info: PointerInfoPre): void {
    const host = this.host, s = host.lineScene;
    const e = info.event as PointerEvent;
    const x = info.localPosition.x, y = info.localPosition.y;
    switch (info.type) {
      case PointerEventTypes.POINTERDOWN: {
        host.requestRender();
        if (e.button !== 0) return;
        const k = host.pickNodeIndex(x, y);
        this.press = { x, y, onNode: k >= 0 };
        if (k < 0) return;
        // A press on a node selects it and never moves the camera.
        info.skipOnPointerObservable = true;
        host.callbacks.onPick(s.nodeIds[k]);
        const floor = host.floorPoint(x, y);
        const o = s.nodeOffset(k);
        if (host.callbacks.onDrag && floor) {
          this.drag = {
            node: k, pointerId: e.pointerId, downX: x, downY: y, started: false,
            offsetX: s.pose[o] - floor[0], offsetY: s.pose[o + 1] - floor[1], x: s.pose[o], y: s.pose[o + 1],
          };
          try { host.canvas.setPointerCapture(e.pointerId); } catch { /* synthetic events have no capture */ }
        }
        return;
      }
      case PointerEventTypes.POINTERMOVE: {
        const d = this.drag;
        if (!d) {
          if (e.buttons) host.requestRender();
          return;
        }
        info.skipOnPointerObservable = true;
        if (!d.started && Math.hypot(x - d.downX, y - d.downY) < DRAG_THRESHOLD_PX) return;
        const floor = host.floorPoint(x, y);
        if (!floor) return;
        d.x = floor[0] + d.offsetX;
        d.y = floor[1] + d.offsetY;
        const id = s.nodeIds[d.node];
        if (!d.started) {
          d.started = true;
          host.callbacks.onDrag?.(id, d.x, d.y, 'start');
        }
        host.callbacks.onDrag?.(id, d.x, d.y, 'move');
        host.writeNodes();
        host.requestRender();
        return;
      }
      case PointerEventTypes.POINTERUP: {
        host.requestRender();
        const d = this.drag, press = this.press;
        this.press = null;
        if (d) {
          info.skipOnPointerObservable = true;
          this.drag = null;
          try { host.canvas.releasePointerCapture(d.pointerId); } catch { /* not captured */ }
          if (d.started) {
            host.callbacks.onDrag?.(s.nodeIds[d.node], d.x, d.y, 'end');
            host.writeNodes();
          }
          return;
        }
        if (press && !press.onNode && e.button === 0 && Math.hypot(x - press.x, y - press.y) < DRAG_THRESHOLD_PX) host.callbacks.onPick(null);
        return;
      }
      default:
        host.requestRender(); // wheel and the rest may move the camera
    }
  }

  /** Ends a drag where the twin has the node ('end' at its pose), so the store takes the gesture back. */
  private cancelDrag(): void {
    const d = this.drag, s = this.host.lineScene;
    if (!d) return;
    this.drag = null;
    if (d.started) {
      const o = s.nodeOffset(d.node);
      this.host.callbacks.onDrag?.(s.nodeIds[d.node], s.pose[o], s.pose[o + 1], 'end');
      this.host.writeNodes();
    }
    this.host.requestRender();
  }
}
