/**
 * Bar charts drawn on the server as plain SVG: no chart library, no JavaScript in the
 * browser. They scale to their container (viewBox, width 100 %), so they fit a 360 px phone.
 * Each is one image to assistive technology (role="img", named by its <title> and described
 * by its <desc>); the page puts the same figures in a table next to it.
 */
import type { ReactNode } from "react";

export type Bar = {
  /** Stable React key. */
  key: string;
  /** Short label under the bar (e.g. "14/11"). */
  label: string;
  value: number;
  /** The value as people read it (e.g. "S/ 120.00"), shown on hover and at the top line. */
  valueLabel: string;
  /** Longer label for the hover text (e.g. the full date). */
  longLabel?: string;
};

const WIDTH = 320;
const INK = "#1d1d1b";
const MUTED = "#4f4a43";
const LINE = "#d9d0c1";
export const BAR_COLOURS = { green: "#1f5130", terracotta: "#a63f22" } as const;

type ChartText = {
  /** Unique in the page: the ids of the title and the description derive from it. */
  id: string;
  title: string;
  description?: string;
};

/** The SVG root: one accessible image named by its title and described by its description. */
function ChartFrame({
  id,
  title,
  description,
  height,
  children,
}: ChartText & { height: number; children: ReactNode }) {
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-desc` : undefined}
      className="chart"
    >
      <title id={`${id}-title`}>{title}</title>
      {description ? <desc id={`${id}-desc`}>{description}</desc> : null}
      {children}
    </svg>
  );
}

/** One bar, its name and value shown on hover (and read by screen readers) as its title. */
function BarRect({
  bar,
  colour,
  ...box
}: {
  bar: Bar;
  colour: string;
  x: number;
  y: number;
  width: number;
  height: number;
}) {
  return (
    <rect {...box} fill={colour}>
      <title>{`${bar.longLabel ?? bar.label}: ${bar.valueLabel}`}</title>
    </rect>
  );
}

/**
 * Vertical bars, one per period (market day), oldest on the left. The highest value is written
 * on a dashed top line so the scale can be read without the table. Under a phone's width only
 * every other label fits, so labels thin out past six bars.
 */
export function BarChart({
  bars,
  colour = BAR_COLOURS.green,
  ...text
}: ChartText & { bars: Bar[]; colour?: string }) {
  const plotTop = 18;
  const plotHeight = 120;
  const height = plotTop + plotHeight + 22;
  const baseline = plotTop + plotHeight;
  const top = bars.reduce((best, b) => (b.value > best.value ? b : best), bars[0]);
  const max = Math.max(top?.value ?? 0, 0);
  // Room at both ends so the first and last date labels are never cut.
  const side = 12;
  const slot = (WIDTH - 2 * side) / Math.max(bars.length, 1);
  // A lone bar stays a bar, not a wall.
  const barWidth = Math.min(slot * 0.7, 40);
  const labelEvery = Math.ceil(bars.length / 6);
  return (
    <ChartFrame {...text} height={height}>
      {max > 0 ? (
        <>
          <line x1={0} x2={WIDTH} y1={plotTop} y2={plotTop} stroke={LINE} strokeDasharray="4 3" />
          <text x={2} y={plotTop - 5} fontSize="12" fill={MUTED}>
            {top.valueLabel}
          </text>
        </>
      ) : null}
      <line x1={0} x2={WIDTH} y1={baseline} y2={baseline} stroke={MUTED} />
      {bars.map((b, i) => {
        const h = max > 0 ? Math.round((b.value / max) * plotHeight) : 0;
        const showLabel = (bars.length - 1 - i) % labelEvery === 0;
        return (
          <g key={b.key}>
            <BarRect
              bar={b}
              x={side + i * slot + (slot - barWidth) / 2}
              y={baseline - h}
              width={barWidth}
              height={h}
              colour={colour}
            />
            {showLabel ? (
              <text
                x={side + i * slot + slot / 2}
                y={baseline + 16}
                fontSize="12"
                textAnchor="middle"
                fill={MUTED}
              >
                {b.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </ChartFrame>
  );
}

/**
 * Horizontal bars for a ranking (e.g. best-selling products): the name above each bar and
 * its value at the bar's end, so long names never squeeze the bars on a phone.
 */
export function RankedBarChart({
  bars,
  colour = BAR_COLOURS.green,
  ...text
}: ChartText & { bars: Bar[]; colour?: string }) {
  const row = 38;
  const valueRoom = 96;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const height = Math.max(row * bars.length, row);
  return (
    <ChartFrame {...text} height={height}>
      {bars.map((b, i) => {
        const w = max > 0 ? Math.max(2, Math.round((b.value / max) * (WIDTH - valueRoom))) : 0;
        const y = i * row;
        return (
          <g key={b.key}>
            <text x={0} y={y + 13} fontSize="13" fill={INK}>
              {b.label}
            </text>
            <BarRect bar={b} x={0} y={y + 18} width={w} height={13} colour={colour} />
            <text x={w + 4} y={y + 29} fontSize="12" fill={MUTED}>
              {b.valueLabel}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
