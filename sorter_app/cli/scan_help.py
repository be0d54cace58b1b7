"""What a worker can scan, for `sorter-app replay --help` (the full page is docs/scanning.md)."""

from __future__ import annotations

import argparse

from sorter_app.cli.help_text import HelpFormatter, h


class RawHelpFormatter(HelpFormatter, argparse.RawDescriptionHelpFormatter):
    """The chosen language's usage line, with the description and epilog kept line by line."""


_ZH = """\
可以扫的码（每行一个）：
  商品条码            receive：收货 1 件；seed：给出目标小区、筐和件数；load：不适用
  条码*N（N 1–9999）  receive：一次收货 N 件；CMD-DAMAGED 之后：登记 N 件破损；
                      seed：N 不起作用，件数由系统按应分和筐的容量给出；
                      只能跟在普通商品条码后（称重码、筐码、操作卡不能带 *N）
  称重码              20–29 开头的 13 位秤码（PLU + 克重）：一件称重商品
  筐码 / 筐号 HS-… / 筐贴二维码 HSQR1|…
                      seed：有目标时确认放入（不是目标筐则拦截“错筐”），
                            没有目标时显示筐内商品；
                      load：装上 --route 线路的车；receive：不适用
  @序号 码            按原序号重发一次扫码：返回原来的判定，不重复记录
操作卡：
  CMD-CANCEL          取消：放弃当前目标或已开始的破损登记，不记录任何东西（各模式）
  CMD-UNDO            撤销：seed/load 撤回本工位最近一次放入；receive 撤回最近一次
                      收货（undo_grace_s 秒内直接撤销，之后需班组长；结束收货后拒绝）
  CMD-QTY-N           仅 receive：下一个商品码按 N 件收货（N 1–9999，卡有 5/10/20）；
                      CMD-QTY 不带数量：在键盘输入数量后回车
  CMD-COUNT-N         仅 receive：键盘输入的数量：紧跟一次收货时，这次收货改为 N 件
  CMD-CRATE-FULL      筐满换筐：仅 seed 且有目标时：目标筐封筐，开一个加筐，
                      同一商品改放新筐（再扫新筐确认）；其他情况不适用
  CMD-DAMAGED         破损登记：下一个商品码（可带 *N）记为破损，不放入筐；
                      receive 时原因为到货破损，seed 时为仓内破损；load 时不适用
  CMD-LOGOUT          退出登录：清除当前目标（工位界面回到扫工牌）
  BADGE-工号          工牌：在工位界面上登录；replay 里不适用，请用 --worker
详见 docs/scanning.md。"""

_EN = """\
What can be scanned (one per line):
  product barcode     receive: 1 unit arrived; seed: the target community, crate and
                      quantity; load: does not apply
  CODE*N (N 1-9999)   receive: N units at once; after CMD-DAMAGED: N units damaged;
                      seed: N has no effect, the quantity comes from the due and the
                      crate's room; only after a plain product barcode (not a scale
                      label, crate code or command card)
  scale label         13 digits starting 20-29 (PLU + grams): one weighed unit
  crate code / crate ID HS-... / crate label QR HSQR1|...
                      seed: with a target, confirms the put (another crate is blocked
                      as wrong_crate); without one, shows what the crate holds;
                      load: onto the --route truck; receive: does not apply
  @SEQ code           a scan sent again with its sequence number: answers the original
                      decision, records nothing
Command cards:
  CMD-CANCEL          drop the current target or a damage entry begun; records nothing
                      (every mode)
  CMD-UNDO            seed/load: undo this station's last put; receive: undo its last
                      receipt (free within undo_grace_s, later with a supervisor; refused
                      once receiving of the SKU is closed)
  CMD-QTY-N           receive only: the next product scan counts N units (N 1-9999;
                      cards for 5, 10, 20); bare CMD-QTY: type the count, then Enter
  CMD-COUNT-N         receive only: a count typed on the keypad; right after a receipt,
                      that receipt becomes N units
  CMD-CRATE-FULL      seed with a target only: close the target crate, open an extra
                      crate and send the same SKU there (scan the new crate to confirm);
                      does not apply otherwise
  CMD-DAMAGED         the next product scan (CODE*N allowed) is damage, not a put:
                      damaged_on_arrival in receive, damaged_in_hub in seed; not in load
  CMD-LOGOUT          log out: clears the current target (the station screen goes back
                      to the badge)
  BADGE-ID            a worker's badge: logs in at the station screen; does not apply
                      in replay (use --worker)
See docs/scanning.md."""


def scan_codes_epilog() -> str:
    """The codes and command cards, in the help language."""
    return h(_ZH, _EN)
