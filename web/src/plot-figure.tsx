import { useEffect, useRef } from "react";

/**
 * Mounts a chart made by one of the pure chart functions (`charts/*.ts`) into the React tree.
 * `render` is called again when `deps` changes.
 */
export function PlotFigure({ render, deps, className }: { render: () => Element; deps: unknown[]; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    const chart = render();
    host.replaceChildren(chart);
    return () => chart.remove();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return <div ref={ref} className={className ?? "chart"} />;
}
