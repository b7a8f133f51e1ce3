/**
 * Cell painters for the heatmaps. Statuses differ by shape as well as colour (stripes, a cross, a
 * pause sign, an outline), so the grid still reads for colour-blind members and on greyscale
 * screens; the same painters draw the legend swatches, so the legend always matches the cells.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { CellPainter } from './heatmap-grid.js';

const RADIUS = 2;

function cellPath(ctx: SKRSContext2D, x: number, y: number, size: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, size, size, RADIUS);
}

/** A plain filled cell. */
export function solid(color: string): CellPainter {
  return (ctx, x, y, size) => {
    ctx.fillStyle = color;
    cellPath(ctx, x, y, size);
    ctx.fill();
  };
}

/** A filled cell with a thin inner border, for light fills that must not melt into the background. */
export function bordered(fill: string, border: string): CellPainter {
  return (ctx, x, y, size) => {
    ctx.fillStyle = fill;
    cellPath(ctx, x, y, size);
    ctx.fill();
    ctx.strokeStyle = border;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.roundRect(x + 0.5, y + 0.5, size - 1, size - 1, RADIUS);
    ctx.stroke();
  };
}

/** A light cell crossed by diagonal stripes. */
export function striped(fill: string, stripe: string): CellPainter {
  return (ctx, x, y, size) => {
    ctx.save();
    ctx.fillStyle = fill;
    cellPath(ctx, x, y, size);
    ctx.fill();
    ctx.clip();
    ctx.strokeStyle = stripe;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let offset = -size; offset < size; offset += 4) {
      ctx.moveTo(x + offset, y + size);
      ctx.lineTo(x + offset + size, y);
    }
    ctx.stroke();
    ctx.restore();
  };
}

/** A filled cell with a light cross through it. */
export function crossed(fill: string, mark: string): CellPainter {
  return (ctx, x, y, size) => {
    solid(fill)(ctx, x, y, size);
    const inset = size * 0.28;
    ctx.strokeStyle = mark;
    ctx.lineWidth = 1.5;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(x + inset, y + inset);
    ctx.lineTo(x + size - inset, y + size - inset);
    ctx.moveTo(x + size - inset, y + inset);
    ctx.lineTo(x + inset, y + size - inset);
    ctx.stroke();
    ctx.lineCap = 'butt';
  };
}

/** A filled cell with a pause sign (two short bars). */
export function pauseSign(fill: string, mark: string): CellPainter {
  return (ctx, x, y, size) => {
    solid(fill)(ctx, x, y, size);
    const barHeight = size * 0.5;
    const barWidth = Math.max(1.5, size * 0.15);
    const top = y + (size - barHeight) / 2;
    ctx.fillStyle = mark;
    ctx.fillRect(x + size * 0.3, top, barWidth, barHeight);
    ctx.fillRect(x + size * 0.7 - barWidth, top, barWidth, barHeight);
  };
}

/** A cell of `fill` with a thin border and a small dot in its middle: a place kept, nothing in it yet. */
export function dotted(fill: string, border: string, dot: string): CellPainter {
  return (ctx, x, y, size) => {
    bordered(fill, border)(ctx, x, y, size);
    ctx.fillStyle = dot;
    ctx.beginPath();
    ctx.arc(x + size / 2, y + size / 2, Math.max(1, size * 0.12), 0, Math.PI * 2);
    ctx.fill();
  };
}
