import type { PhysicalLayout } from '../../engine/physics/layout';

/** Frame layout (docs/physics.md): 8 floats per entry [x, y, z, qx, qy, qz, qw, code], belts first. */
const STRIDE = 8;

/** Draws conveyors and parts from above (x right, y up); returns the number of parts drawn. */
export function drawFrame(canvas: HTMLCanvasElement, layout: PhysicalLayout, frame: Float32Array): number {
  const g = canvas.getContext('2d');
  if (!g) return 0;
  const xs = layout.conveyors.flatMap((c) => [c.from[0], c.to[0]]);
  const ys = layout.conveyors.flatMap((c) => [c.from[1], c.to[1]]);
  const margin = 0.6;
  const minX = Math.min(...xs) - margin;
  const maxX = Math.max(...xs) + margin;
  const minY = Math.min(...ys) - margin;
  const maxY = Math.max(...ys) + margin;
  const scale = Math.min(canvas.width / (maxX - minX), canvas.height / (maxY - minY));
  const px = (x: number) => (x - minX) * scale;
  const py = (y: number) => canvas.height - (y - minY) * scale;
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.lineCap = 'butt';
  g.strokeStyle = '#8a94a6';
  for (const c of layout.conveyors) {
    g.lineWidth = c.width * scale;
    g.beginPath();
    g.moveTo(px(c.from[0]), py(c.from[1]));
    g.lineTo(px(c.to[0]), py(c.to[1]));
    g.stroke();
  }
  const half = (layout.part.lengthM / 2) * scale;
  g.fillStyle = '#2f7d32';
  let parts = 0;
  for (let k = layout.conveyors.length * STRIDE; k + STRIDE <= frame.length; k += STRIDE) {
    if (frame[k + 7] === 0) continue; // code 0: empty slot
    parts++;
    // Yaw from the quaternion (z up): atan2(2(wz + xy), 1 − 2(y² + z²)).
    const [qx, qy, qz, qw] = [frame[k + 3], frame[k + 4], frame[k + 5], frame[k + 6]];
    const yaw = Math.atan2(2 * (qw * qz + qx * qy), 1 - 2 * (qy * qy + qz * qz));
    g.save();
    g.translate(px(frame[k]), py(frame[k + 1]));
    g.rotate(-yaw);
    g.fillRect(-half, -half, 2 * half, 2 * half);
    g.restore();
  }
  return parts;
}
