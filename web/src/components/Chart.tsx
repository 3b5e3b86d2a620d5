// A bar chart with ECharts (canvas; the tooltip is drawn on the canvas too, so nothing needs inline styles).
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, CanvasRenderer]);

export interface Series {
  name: string;
  values: number[];
}

export function BarChartView({ title, categories, series, label }: {
  title: string;
  categories: string[];
  series: Series[];
  label: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      title: { text: title, left: 0, textStyle: { fontSize: 14, fontWeight: 'normal' } },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { top: 24 },
      grid: { left: 8, right: 8, top: 64, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: 'value' },
      color: ['#9aa5b1', '#c0392b'],
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values })),
      animation: false,
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [title, categories, series]);
  return (
    <figure className="chart">
      <div ref={element} className="chart-canvas" role="img" aria-label={label} />
      <figcaption className="visually-hidden">{label}</figcaption>
    </figure>
  );
}
