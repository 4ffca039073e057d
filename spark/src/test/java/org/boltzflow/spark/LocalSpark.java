package org.boltzflow.spark;

import org.apache.spark.sql.SparkSession;

/** A small local Spark session for one test class: {@code local[2]}, no UI, loopback only. */
public final class LocalSpark {
    private LocalSpark() {}

    public static SparkSession start(String name) {
        return SparkSession.builder().master("local[2]").appName(name)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }
}
