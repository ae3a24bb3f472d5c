import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { ref } from 'lit-html/directives/ref.js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: (number | null)[];
}

const HALF_DAY = 43_200;
const COLORS = ['#2f6fdf', '#d9822b', '#2e9d5b', '#b8448f', '#6b5bd6', '#c23b3b'];

interface Axis {
  /** The x values, one per point. */
  xs: number[];
  time: boolean;
  /** Category charts: an x value on the axis, and in the legend (named `title`). */
  tick?: (x: number) => string;
  legend?: { title: string; value: (x: number) => string };
  /** The x scale's range (category charts leave half a bar's room at each end). */
  range?: [number, number];
}

function draw(element: HTMLElement, title: string, axis: Axis, series: Series[], bars: boolean) {
  const { tick, legend } = axis;
  // The figure's content box: its padding is not the plot's.
  const style = getComputedStyle(element);
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) || 0;
  new uPlot(
    {
      title,
      width: Math.max(240, (element.clientWidth || 600) - padding),
      height: 220,
      series: [
        legend ? { label: legend.title, value: (_u, x) => legend.value(x) } : {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: COLORS[i % COLORS.length],
          fill: bars ? `${COLORS[i % COLORS.length]}99` : undefined,
          paths: bars ? uPlot.paths.bars?.({ size: [0.6, 40] }) : undefined,
        })),
      ],
      axes: [
        tick
          ? {
              space: 70,
              values: (_u, splits) => splits.map((x) => (Number.isInteger(x) ? tick(x) : '')),
            }
          : {},
        { size: 60 },
      ],
      scales: { x: { time: axis.time, range: axis.range } },
    },
    [axis.xs, ...series.map((s) => s.values)],
    element,
  );
}

/**
 * A uPlot chart in a figure: drawn once the figure is laid out in the page (lit-html hands the
 * element over before it is attached, when it has no width yet).
 */
function chart(title: string, axis: Axis, series: Series[], bars: boolean): TemplateResult {
  const mount = (element: Element | undefined) => {
    if (!element) return;
    requestAnimationFrame(() => {
      if (element.isConnected && element.childElementCount === 0)
        draw(element as HTMLElement, title, axis, series, bars);
    });
  };
  return html`<figure class="chart" data-chart=${title} ${ref(mount)}></figure>`;
}

/**
 * A chart of daily series (uPlot): `days` are yyyy-MM-dd, each series one value per day;
 * `bars` draws bars instead of lines.
 */
export function dailyChart(
  title: string,
  days: string[],
  series: Series[],
  options: { bars?: boolean } = {},
): TemplateResult {
  const xs = days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
  // Half a day either side, so the first and last days' bars show whole.
  const range: [number, number] = [(xs[0] ?? 0) - HALF_DAY, (xs.at(-1) ?? 0) + HALF_DAY];
  return chart(title, { xs, time: true, range }, series, options.bars ?? false);
}

/**
 * Bars over categories rather than time (e.g. a histogram's buckets): one value per category;
 * the axis shows each category's `tick`, the legend its `label` (under `title`).
 */
export function barChart(
  title: string,
  categories: { tick: string; label: string }[],
  legendTitle: string,
  series: Series[],
): TemplateResult {
  const at = (x: number) => categories[x];
  const axis: Axis = {
    xs: categories.map((_, i) => i),
    time: false,
    tick: (x) => at(x)?.tick ?? '',
    legend: { title: legendTitle, value: (x) => at(x)?.label ?? '' },
    range: [-0.5, categories.length - 0.5],
  };
  return chart(title, axis, series, true);
}
