/**
 * The Ink components: they paint the lines `buildFrame` made and nothing else. Each style is a colour
 * and, for what must survive NO_COLOR, a text attribute (inverse cursor, bold marks); the marks
 * themselves (> F O * = ~ ?) carry the meaning without colour.
 */
import { Box, Text } from 'ink';
import type { FrameProps } from './frame.js';
import type { Line, Style } from './text.js';

interface Paint {
  readonly color?: string;
  readonly bold?: boolean;
  readonly inverse?: boolean;
  readonly dimColor?: boolean;
}

const PAINT: Record<Style, Paint> = {
  plain: {},
  title: { color: 'cyan', bold: true },
  dim: { dimColor: true },
  current: { inverse: true },
  fault: { color: 'red', bold: true },
  origin: { color: 'magenta', bold: true },
  chain: { color: 'yellow' },
  changed: { color: 'yellow', bold: true },
  dump: {},
  reconstructed: { color: 'green' },
  unknown: { dimColor: true },
  key: { color: 'blue', bold: true },
  notice: { color: 'white' },
  selected: { inverse: true, bold: true },
};

/** Without colour only the attributes that are not colours stay. */
export function paint(style: Style, color: boolean): Paint {
  const p = PAINT[style];
  if (color) return p;
  return { ...(p.bold !== undefined ? { bold: p.bold } : {}), ...(p.inverse !== undefined ? { inverse: p.inverse } : {}) };
}

export function LineView({ line, color }: { line: Line; color: boolean }) {
  return (
    <Text>
      {line.map((s, i) => (
        <Text key={i} {...paint(s.style, color)}>{s.text}</Text>
      ))}
    </Text>
  );
}

export function Frame({ frame, color }: { frame: FrameProps; color: boolean }) {
  return (
    <Box flexDirection="column" width={frame.width}>
      <LineView line={frame.header} color={color} />
      {frame.right.length === 0
        ? frame.left.map((line, i) => <LineView key={`h${i}`} line={line} color={color} />)
        : frame.left.map((line, i) => (
          <Box key={`p${i}`} flexDirection="row">
            <LineView line={line} color={color} />
            <Text dimColor={color}>│</Text>
            <LineView line={frame.right[i] ?? []} color={color} />
          </Box>
        ))}
      {frame.bottom.map((line, i) => <LineView key={`b${i}`} line={line} color={color} />)}
      <LineView line={frame.status} color={color} />
    </Box>
  );
}
