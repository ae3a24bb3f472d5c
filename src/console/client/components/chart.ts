import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { ref } from 'lit-html/directives/ref.js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: (number | null)[];
}

const COLORS = ['#2f6fdf', '#d9822b', '#2e9d5b', '#b8448f', '#6b5bd6', '#c23b3b'];

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
  const draw = (element: HTMLElement) => {
    if (element.childElementCount > 0) return;
    // The figure's content box (its padding is not the plot's), once it is laid out.
    const style = getComputedStyle(element);
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) || 0;
    const width = Math.max(240, (element.clientWidth || 600) - padding);
    const times = days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
    const HALF_DAY = 43_200;
    new uPlot(
      {
        title,
        width,
        height: 220,
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLORS[i % COLORS.length],
            fill: options.bars ? `${COLORS[i % COLORS.length]}99` : undefined,
            paths: options.bars ? uPlot.paths.bars?.({ size: [0.6, 40] }) : undefined,
          })),
        ],
        axes: [{}, { size: 60 }],
        // Half a day either side, so the first and last days (bars) show whole.
        scales: {
          x: {
            time: true,
            range: (_u, min, max) => [min - HALF_DAY, max + HALF_DAY],
          },
        },
      },
      [times, ...series.map((s) => s.values)],
      element,
    );
  };
  // lit calls the ref before the page is in the document: draw once it is laid out.
  const mount = (element: Element | undefined) => {
    if (element) requestAnimationFrame(() => draw(element as HTMLElement));
  };
  return html`<figure class="chart" data-chart=${title} ${ref(mount)}></figure>`;
}
