"""Run the fake providers until interrupted:

    python -m tests.support.fakes.serve --latency-llm 1.5 --latency-tts 0.4 --latency-stt 0.6

Prints one JSON line with the base URLs and the environment variables to point the app at them.
"""

from __future__ import annotations

import argparse
import json
import signal
import threading

from tests.support.fakes.launcher import start_fakes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description='Fake Gemini, OpenAI-compatible and Sarvam servers on 127.0.0.1.')
    parser.add_argument('--latency-llm', type=float, default=0.0, help='seconds before each LLM answer')
    parser.add_argument('--latency-tts', type=float, default=0.0, help='seconds before each text-to-speech answer')
    parser.add_argument('--latency-stt', type=float, default=0.0, help='seconds before each speech-to-text answer')
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with start_fakes(latency_llm=args.latency_llm, latency_tts=args.latency_tts,
                     latency_stt=args.latency_stt) as fakes:
        print(json.dumps({'gemini_url': fakes.gemini_url, 'openai_url': fakes.openai_url,
                          'sarvam_url': fakes.sarvam_url, 'env': fakes.env()}), flush=True)
        stop.wait()


if __name__ == '__main__':
    main()
