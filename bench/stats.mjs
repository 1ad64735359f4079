// Summary statistics of a list of samples: median and spread.

/** The q-quantile (0..1) of sorted numbers, linear interpolation between ranks. */
function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** { n, median, p25, p75, min, max } of the finite numbers in `samples`, or null if none. */
export function summarize(samples) {
  const sorted = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

/**
 * Timelines ([{ event: { start, end } }], one per round, some undefined) to
 * { event: { start, end, n } }: the median start and end of each event.
 */
export function summarizeTimeline(timelines) {
  const present = timelines.filter(Boolean);
  const names = [...new Set(present.flatMap((t) => Object.keys(t)))];
  return Object.fromEntries(
    names.map((name) => {
      const seen = present.map((t) => t[name]).filter(Boolean);
      return [
        name,
        {
          start: summarize(seen.map((e) => e.start))?.median,
          end: summarize(seen.map((e) => e.end))?.median,
          n: seen.length,
        },
      ];
    }),
  );
}
