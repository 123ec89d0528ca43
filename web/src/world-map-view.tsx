import { memo, useMemo } from "react";
import type { Topology } from "topojson-specification";
import type { Country, RankedForecast } from "./api.ts";
import { navigate } from "./navigation.ts";
import { formatInterval, formatRisk, NO_DATA_COLOR, riskBand } from "./lib/risk-scale.ts";
import { worldMapModel } from "./lib/world-map.ts";
import { t } from "./i18n/i18n.ts";
import { countryName } from "./i18n/names.ts";

/**
 * The choropleth: countries with a forecast are links (Tab/Enter open the country page), filled by
 * risk band; others are hatched grey and not focusable. Countries filtered out are faded.
 */
export const WorldMap = memo(function WorldMap({ atlas, countries, forecasts, visible, targetYears }: {
  atlas: Topology;
  countries: Country[];
  forecasts: RankedForecast[];
  /** iso3 codes passing the filters. */
  visible: Set<string>;
  targetYears: string;
}) {
  const map = useMemo(() => worldMapModel(atlas, countries, forecasts), [atlas, countries, forecasts]);
  const byIso3 = useMemo(() => new Map(forecasts.map((f) => [f.iso3, f])), [forecasts]);
  return (
    <svg
      className="world-map"
      viewBox={`0 0 ${map.width} ${map.height}`}
      role="group"
      aria-label={t("world.map.label", { years: targetYears })}
    >
      <defs>
        <pattern id="no-data" patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)">
          <rect width="5" height="5" fill={NO_DATA_COLOR} />
          <line x1="0" y1="0" x2="0" y2="5" stroke="#a3a3a3" strokeWidth="1.6" />
        </pattern>
      </defs>
      <rect width={map.width} height={map.height} className="ocean" />
      <g className="no-forecast" aria-hidden="true">
        {map.shapes.filter((s) => !s.forecast).map((s) => (
          <path key={s.key} d={s.d} fill="url(#no-data)" data-iso3={s.iso3 ?? undefined} data-shape={s.key}>
            <title>{t("world.map.noForecast", { name: s.iso3 ? countryName(s.iso3, s.name) : s.name })}</title>
          </path>
        ))}
      </g>
      <g className="forecast">
        {map.shapes.filter((s) => s.forecast).map((s) => {
          const f = byIso3.get(s.iso3!)!;
          const band = riskBand(f.risk);
          const label = t("world.map.country", { name: countryName(s.iso3!, s.name), risk: formatRisk(f.risk), interval: formatInterval(f.interval), rank: f.rank });
          return (
            <a
              key={s.key}
              href={`/countries/${s.iso3}`}
              aria-label={label}
              className={visible.has(s.iso3!) ? "country" : "country faded"}
              onClick={(e) => { e.preventDefault(); navigate(`/countries/${s.iso3}`); }}
            >
              <title>{label}</title>
              <path d={s.d} fill={band.color} data-iso3={s.iso3!} data-shape={s.key} />
              {s.marker ? <circle cx={s.marker.x} cy={s.marker.y} r={3.2} fill={band.color} className="marker" data-marker={s.iso3!} /> : null}
            </a>
          );
        })}
      </g>
    </svg>
  );
});
