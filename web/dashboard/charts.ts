/**
 * The only module that imports ECharts (tree-shaken: the core, bar, line and custom series, the
 * grid, tooltip and legend components, the canvas renderer). Dashboard.tsx loads it with a
 * dynamic import(), so ECharts is a separate chunk fetched after the page first renders, never
 * part of the page's initial JavaScript (bench/web-bundle.ts measures that).
 */
import { init, use, type EChartsType } from 'echarts/core';
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { DashboardOption } from './options';

use([BarChart, LineChart, CustomChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export interface ChartHandle {
  /**
   * Draws `option`. `replace` drops the previous option first (notMerge: a different number of
   * series, another theme); otherwise it is merged in, which keeps the chart and its state.
   */
  set(option: DashboardOption, replace: boolean): void;
  /** Removes everything drawn. */
  clear(): void;
  resize(): void;
  dispose(): void;
  /** The ECharts instance, null until the element has a size (e.g. inside a hidden tab). */
  readonly chart: EChartsType | null;
}

/**
 * One chart in `element`, resized with it (ResizeObserver), until dispose(). ECharts is only
 * started once the element has a size; options set before that are drawn then.
 */
export function createChart(element: HTMLElement): ChartHandle {
  let chart: EChartsType | null = null;
  let pending: DashboardOption | null = null;
  let frame = 0;
  const ensure = (): EChartsType | null => {
    if (!chart && element.clientWidth > 0 && element.clientHeight > 0) {
      chart = init(element, null, { renderer: 'canvas' });
      if (pending) chart.setOption(pending, { notMerge: true });
      pending = null;
    }
    return chart;
  };
  const observer = new ResizeObserver(() => {
    if (!chart) {
      ensure();
      return;
    }
    // Coalesce bursts of resize notifications into one resize per animation frame.
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (chart && !chart.isDisposed()) chart.resize();
    });
  });
  observer.observe(element);
  return {
    get chart() {
      return chart;
    },
    set(option, replace) {
      const c = ensure();
      if (!c) pending = option;
      else if (!c.isDisposed()) c.setOption(option, { notMerge: replace, lazyUpdate: true });
    },
    clear() {
      pending = null;
      if (chart && !chart.isDisposed()) chart.clear();
    },
    resize() {
      if (chart && !chart.isDisposed()) chart.resize();
    },
    dispose() {
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
      chart?.dispose();
      chart = null;
      pending = null;
    },
  };
}
