#!/usr/bin/env bash
# Synthesises the phrase corpus: every line of phrases.txt spoken by each flite voice at
# two speeds, passed through a G.711 µ-law 8 kHz channel (sox), optionally with white noise
# mixed at a given SNR. Writes OUT/<voice>-<speed>-<n>.wav (8 kHz 16-bit mono, what the
# appliance hands the recogniser) and OUT/index.tsv (file, keyword or -, text).
# usage: make-corpus.sh OUT [snr_db] [voices...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1; snr=${2:-none}; shift 2 || shift $#
voices=${*:-kal awb rms slt kal16}
mkdir -p "$out"; : > "$out/index.tsv"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for v in $voices; do
  for speed in 1.0 1.2; do
    n=0
    while IFS='|' read -r kw text; do
      n=$((n+1)); f="$v-$speed-$n.wav"
      flite -voice "$v" --setf duration_stretch=$speed -t "$text" -o "$tmp/raw.wav" 2>/dev/null
      # the telephone channel: 300-3400 Hz band, 8 kHz, µ-law, then back to linear 16-bit
      sox -q "$tmp/raw.wav" -r 8000 -c 1 -e u-law "$tmp/ulaw.wav" sinc 300-3400
      sox -q "$tmp/ulaw.wav" -e signed-integer -b 16 "$tmp/pcm.wav" pad 0.3 0.5
      if [ "$snr" != none ]; then
        rms=$(sox "$tmp/pcm.wav" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}')
        amp=$(awk -v r="$rms" -v s="$snr" 'BEGIN { printf "%.6f", r / (10 ^ (s / 20)) * 1.732 }')
        sox -q -n -r 8000 -c 1 -e signed-integer -b 16 "$tmp/noise.wav" synth "$(soxi -D "$tmp/pcm.wav")" whitenoise vol "$amp"
        sox -q -m "$tmp/pcm.wav" "$tmp/noise.wav" "$out/$f"
      else
        cp "$tmp/pcm.wav" "$out/$f"
      fi
      printf '%s\t%s\t%s\n' "$f" "$kw" "$text" >> "$out/index.tsv"
    done < "$here/phrases.txt"
  done
done
