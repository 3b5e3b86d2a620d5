// Bar and line charts. ECharts is large, so it is loaded (as its own chunk) only when a page first draws a chart;
// until then the chart's place is held by an empty figure of the same size.
import { lazy, Suspense } from 'react';

export interface Series {
  name: string;
  values: (number | null)[];
}

export interface ChartProps {
  title: string;
  categories: string[];
  series: Series[];
  /** What the chart shows, in words: the accessible name of the canvas. */
  label: string;
  id?: string;
}

const ChartCanvas = lazy(() => import('./ChartCanvas'));

function LazyChart(props: ChartProps & { kind: 'bar' | 'line' }) {
  const placeholder = (
    <figure className="chart" id={props.id} aria-busy="true">
      <div className="chart-canvas" />
    </figure>
  );
  return <Suspense fallback={placeholder}><ChartCanvas {...props} /></Suspense>;
}

export const BarChartView = (props: ChartProps) => <LazyChart kind="bar" {...props} />;
export const LineChartView = (props: ChartProps) => <LazyChart kind="line" {...props} />;
