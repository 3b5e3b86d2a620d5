// The chart itself, with ECharts: loaded on its own (see Chart.tsx), only by pages that draw one.
// Bar and line charts with ECharts (canvas; the tooltip is drawn on the canvas too, so nothing needs inline styles).
// A null value is a gap (e.g. a figure withheld for a small group), never drawn as zero.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, CanvasRenderer]);

import type { ChartProps } from './Chart';

const COLORS = ['#9aa5b1', '#c0392b', '#1a5fb4', '#1e7d4f', '#8a5a00', '#6c3483', '#117a8b', '#5f6b7a'];

export default function ChartView({ kind, title, categories, series, label, id }: ChartProps & { kind: 'bar' | 'line' }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      title: { text: title, left: 0, textStyle: { fontSize: 14, fontWeight: 'normal' } },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 8, top: 40, bottom: 36, containLabel: true },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: kind === 'bar' ? 0 : 'auto', hideOverlap: true } },
      yAxis: { type: 'value' },
      color: series.length > 2 || kind === 'line' ? COLORS.slice(1) : COLORS,
      series: series.map((s) => ({ type: kind, name: s.name, data: s.values, connectNulls: false, symbolSize: 8 })),
      animation: false,
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [kind, title, categories, series]);
  return (
    <figure className="chart" id={id}>
      <div ref={element} className="chart-canvas" role="img" aria-label={label} />
      <figcaption className="visually-hidden">{label}</figcaption>
    </figure>
  );
}
