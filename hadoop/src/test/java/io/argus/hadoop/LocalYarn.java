package io.argus.hadoop;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;

/**
 * A real local YARN cluster (hadoop-minicluster): a ResourceManager, one NodeManager, and the
 * MapReduce application master and tasks in containers of their own JVMs, sized for this machine.
 */
final class LocalYarn {
    private static final String OPENS = "--add-opens java.base/java.lang=ALL-UNNAMED"
            + " --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED"
            + " --add-opens java.base/java.net=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED";

    private LocalYarn() {
    }

    static MiniMRYarnCluster start(String name) {
        MiniMRYarnCluster yarn = new MiniMRYarnCluster(name, 1);
        Configuration base = new Configuration();
        base.setInt("yarn.nodemanager.resource.memory-mb", 4096);
        base.setInt("yarn.scheduler.minimum-allocation-mb", 256);
        base.setInt("yarn.app.mapreduce.am.resource.mb", 768);
        base.set("yarn.app.mapreduce.am.command-opts", "-Xmx512m " + OPENS);
        base.setInt("mapreduce.map.memory.mb", 768);
        base.setInt("mapreduce.reduce.memory.mb", 768);
        base.set("mapreduce.map.java.opts", "-Xmx512m " + OPENS);
        base.set("mapreduce.reduce.java.opts", "-Xmx512m " + OPENS);
        yarn.init(base);
        yarn.start();
        return yarn;
    }
}
