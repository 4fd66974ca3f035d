/**
 * Draws a physics twin frame from above (x right, y up) on a 2D canvas. Which frame entries are
 * belts, parts, nodes, robot and humanoid links comes from the twin's describeFrame()
 * (TwinFrameLayout); entry offsets are never assumed. Each entry is
 * [x, y, z, qx, qy, qz, qw, code] (docs/physics.md "Frame layout").
 */
import type { TwinFrameLayout } from '../../workers/physics-api';

/** Colours the canvas uses; station states are indexed by state code (StationState, 0…6). */
export interface TwinColours {
  states: string[];
  belt: string;
  beltBlocked: string;
  part: string;
  node: string;
  text: string;
  robot: string;
  humanoid: string;
}

/** Free space around everything drawn, metres. */
const MARGIN_M = 0.8;
/** Radius of a robot or humanoid link marker, metres. */
const LINK_RADIUS_M = 0.07;
/** A node without a footprint (a point node) is drawn as a square of this side, metres. */
const POINT_NODE_M = 0.4;

/** Heading about z of the unit quaternion at `o`: atan2(2(wz + xy), 1 − 2(y² + z²)). */
function yawAt(frame: Float32Array, o: number): number {
  const qx = frame[o + 3], qy = frame[o + 4], qz = frame[o + 5], qw = frame[o + 6];
  return Math.atan2(2 * (qw * qz + qx * qy), 1 - 2 * (qy * qy + qz * qz));
}

export interface DrawResult {
  /** Part slots in use. */
  parts: number;
}

export class TwinView {
  private minX = Infinity;
  private maxX = -Infinity;
  private minY = Infinity;
  private maxY = -Infinity;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly layout: TwinFrameLayout,
    private readonly colours: TwinColours,
  ) {}

  /** Entries of the links of every robot and humanoid: [first, count, kind] (kind 0 robot, 1 humanoid). */
  private agentEntries(): [number, number, 0 | 1][] {
    return [
      ...this.layout.robots.map((r): [number, number, 0 | 1] => [r.firstEntry, r.links, 0]),
      ...this.layout.humanoids.map((h): [number, number, 0 | 1] => [h.firstEntry, h.links, 1]),
    ];
  }

  /** Grows the drawn area to include (x, y) ± r; it never shrinks, so the view stays steady. */
  private include(x: number, y: number, r: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    this.minX = Math.min(this.minX, x - r - MARGIN_M);
    this.maxX = Math.max(this.maxX, x + r + MARGIN_M);
    this.minY = Math.min(this.minY, y - r - MARGIN_M);
    this.maxY = Math.max(this.maxY, y + r + MARGIN_M);
  }

  private fit(frame: Float32Array): void {
    const { frameStride: S, belts, nodes, parts } = this.layout;
    belts.ids.forEach((_, k) => {
      const o = S * (belts.firstEntry + k);
      this.include(frame[o], frame[o + 1], (belts.lengthM[k] + parts.sizeM[0]) / 2);
    });
    nodes.ids.forEach((_, k) => {
      const o = S * (nodes.firstEntry + k);
      const f = nodes.footprints[k];
      this.include(frame[o], frame[o + 1], f ? Math.hypot(f[0], f[1]) / 2 : POINT_NODE_M);
    });
    for (const [first, count] of this.agentEntries()) {
      for (let i = 0; i < count; i++) this.include(frame[S * (first + i)], frame[S * (first + i) + 1], LINK_RADIUS_M);
    }
  }

  draw(frame: Float32Array): DrawResult {
    const g = this.canvas.getContext('2d');
    if (!g || frame.length < this.layout.frameLength) return { parts: 0 };
    this.fit(frame);
    const { width: W, height: H } = this.canvas;
    const scale = Math.min(W / (this.maxX - this.minX), H / (this.maxY - this.minY));
    // Centre the drawing in the canvas.
    const ox = (W - (this.maxX - this.minX) * scale) / 2;
    const oy = (H - (this.maxY - this.minY) * scale) / 2;
    const px = (x: number) => ox + (x - this.minX) * scale;
    const py = (y: number) => H - oy - (y - this.minY) * scale;
    const c = this.colours;
    const { frameStride: S, belts, parts, nodes } = this.layout;

    /** A rectangle of lx × ly metres centred on the entry at `o`, turned by its heading. */
    const box = (o: number, lx: number, ly: number, fill: string, stroke?: string) => {
      g.save();
      g.translate(px(frame[o]), py(frame[o + 1]));
      g.rotate(-yawAt(frame, o));
      g.fillStyle = fill;
      g.fillRect((-lx / 2) * scale, (-ly / 2) * scale, lx * scale, ly * scale);
      if (stroke) {
        g.strokeStyle = stroke;
        g.lineWidth = 1;
        g.strokeRect((-lx / 2) * scale, (-ly / 2) * scale, lx * scale, ly * scale);
      }
      g.restore();
    };

    g.clearRect(0, 0, W, H);

    // Nodes first (under the belts that reach into them): stations by state, the rest plain.
    g.font = '11px system-ui, sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    nodes.ids.forEach((id, k) => {
      const o = S * (nodes.firstEntry + k);
      const code = frame[o + 7];
      const f = nodes.footprints[k] ?? [POINT_NODE_M, POINT_NODE_M];
      const isStation = nodes.types[k] === 'station';
      const fill = isStation && code >= 0 && code < c.states.length ? c.states[code] : c.node;
      box(o, f[0], f[1], fill, c.text);
    });

    // Belt sections: a box of (length + part length) × width; blocked ones in their own colour.
    belts.ids.forEach((_, k) => {
      const o = S * (belts.firstEntry + k);
      box(o, belts.lengthM[k] + parts.sizeM[0], belts.widthM[k], frame[o + 7] === 2 ? c.beltBlocked : c.belt);
    });

    let partCount = 0;
    for (let i = 0; i < parts.count; i++) {
      const o = S * (parts.firstEntry + i);
      if (frame[o + 7] === 0) continue; // an empty slot
      partCount++;
      box(o, parts.sizeM[0], parts.sizeM[1], c.part, c.text);
    }

    // Robot and humanoid links: one small circle per link body.
    for (const [first, count, kind] of this.agentEntries()) {
      g.fillStyle = kind === 0 ? c.robot : c.humanoid;
      for (let i = 0; i < count; i++) {
        const o = S * (first + i);
        g.beginPath();
        g.arc(px(frame[o]), py(frame[o + 1]), Math.max(2, LINK_RADIUS_M * scale), 0, 2 * Math.PI);
        g.fill();
      }
    }

    // Node labels last, on top; buffers also show their content.
    g.fillStyle = c.text;
    nodes.ids.forEach((id, k) => {
      const o = S * (nodes.firstEntry + k);
      const label = nodes.types[k] === 'buffer' ? `${id} (${frame[o + 7]})` : id;
      const f = nodes.footprints[k];
      g.fillText(label, px(frame[o]), py(frame[o + 1]) - ((f ? Math.max(f[0], f[1]) : POINT_NODE_M) / 2) * scale - 8);
    });
    return { parts: partCount };
  }
}
