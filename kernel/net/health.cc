// A network stall leaves evidence on the serial log: once a second at most,
// and only when something changed, say which lwIP resource ran out (its
// heap, a pool, the RX pool) or which listener's backlog is full. Without
// this a stalled connect is silent: lwIP drops a SYN it cannot answer and
// the peer just retransmits.
#include "kernel/net/health.h"

#include "kernel/lib/print.h"
#include "kernel/net/tcp.h"

extern "C" {
#include "lwip/memp.h"
#include "lwip/stats.h"
}

namespace net {
namespace {

struct Seen {
  uint32_t heap_err = 0, pcb_err = 0, seg_err = 0, pool_err = 0;
  uint64_t rx_drops = 0;
  uint16_t full_port = 0;
};

Seen seen;
uint32_t last_check_ms = 0;

uint32_t pool_err(memp_t which) {
  return lwip_stats.memp[which] ? lwip_stats.memp[which]->err : 0;
}

}  // namespace

void health_check(uint32_t now_ms, uint64_t rx_drops) {
  if (now_ms - last_check_ms < 1000) return;
  last_check_ms = now_ms;
  Seen now;
  now.heap_err = lwip_stats.mem.err;
  now.pcb_err = pool_err(MEMP_TCP_PCB);
  now.seg_err = pool_err(MEMP_TCP_SEG);
  now.pool_err = pool_err(MEMP_PBUF_POOL);
  now.rx_drops = rx_drops;
  now.full_port = tcp::full_backlog_port();
  if (now.heap_err != seen.heap_err || now.pcb_err != seen.pcb_err || now.seg_err != seen.seg_err ||
      now.pool_err != seen.pool_err || now.rx_drops != seen.rx_drops) {
    klog(
        "net: short of memory: heap %u errors (%u of %u bytes used), tcp pcb %u, tcp seg %u, "
        "rx pool %u, rx frames dropped %llu",
        unsigned(now.heap_err), unsigned(lwip_stats.mem.used), unsigned(lwip_stats.mem.avail),
        unsigned(now.pcb_err), unsigned(now.seg_err), unsigned(now.pool_err),
        (unsigned long long)now.rx_drops);
  }
  if (now.full_port != seen.full_port) {
    if (now.full_port) {
      klog("net: listen backlog full on port %u: new connections wait", unsigned(now.full_port));
    } else {
      klog("net: listen backlog drained on port %u", unsigned(seen.full_port));
    }
  }
  seen = now;
}

}  // namespace net
