import java.nio.file.*; import java.util.*; import java.util.concurrent.*;
public class ParkedThreads {
  static long rssKb() throws Exception { for (String l : Files.readAllLines(Path.of("/proc/self/status"))) if (l.startsWith("VmRSS")) return Long.parseLong(l.replaceAll("\\D","")); return -1; }
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    CompletableFuture<Void> end = new CompletableFuture<>();
    System.gc(); Thread.sleep(500);
    long before = rssKb(); long t0 = System.nanoTime();
    CountDownLatch started = new CountDownLatch(n);
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < n; i++) { Thread t = new Thread(null, () -> { started.countDown(); CompletableFuture<Void> op = new CompletableFuture<>(); try { CompletableFuture.anyOf(op, end).get(); } catch (Exception e) {} }, "p"+i, 256*1024); t.setDaemon(true); t.start(); ts.add(t);}
    started.await(); Thread.sleep(1000);
    long after = rssKb(); long ms = (System.nanoTime()-t0)/1_000_000;
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime(); Thread.sleep(2000); long cpu1 = os.getProcessCpuTime();
    System.out.printf("%d parked threads: start %d ms, RSS +%d KiB (%.1f KiB each), CPU while parked %.1f ms over 2 s%n", n, ms, after-before, (after-before)/(double)n, (cpu1-cpu0)/1e6);
    end.complete(null); for (Thread t : ts) t.join();
  }
}
