"""The tests' mail server: aiosmtpd on 127.0.0.1:PORT, writing each message
it accepts to OUT as one JSON line. With `refuse` it answers every message
with a temporary failure (451), as a mail server that is struggling does.

    sink.py PORT OUT [accept|refuse]

Prints "ready" once it listens; stops when its standard input closes."""

import json
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out, refuse):
        self.out = out
        self.refuse = refuse

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 Try again later"
        line = json.dumps(
            {
                "from": envelope.mail_from,
                "to": envelope.rcpt_tos,
                "data": envelope.content.decode("utf-8", "replace"),
            }
        )
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(line + "\n")
        return "250 2.0.0 OK"


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    refuse = len(sys.argv) > 3 and sys.argv[3] == "refuse"
    controller = Controller(Sink(out, refuse), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
