"""Printing: the print queue, its sender, the printer test and supervised label reprints.

- `print_queue`: jobs queued in the store (crate labels of a wave, documents), listed, cancelled
  and retried;
- `sender`: `PrintSender` delivers the queue to the printers, per printer in order, with backoff;
- `printer_test`: one test label printed at once, to find a dead printer before the shift;
- `label_reprints`: a crate's label reprinted (补打) by a supervisor, the old code voided.

Import from the module itself; this package exports nothing.
"""
