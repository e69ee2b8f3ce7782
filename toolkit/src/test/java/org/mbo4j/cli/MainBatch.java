package org.mbo4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs several {@code ./mbo4j} command lines through {@link Main#run} in one JVM (a child JVM of a test, with user
 * jars on its class path) and prints each one's exit code, standard output and standard error between markers.
 * Arguments: command lines separated by {@code ---}.
 */
public final class MainBatch {
    static final String EXIT = "@@exit ";
    static final String ERR = "@@err";
    static final String END = "@@end";

    private MainBatch() {}

    public static void main(String[] args) {
        List<List<String>> commands = new ArrayList<>();
        commands.add(new ArrayList<>());
        for (String a : args) {
            if (a.equals("---")) commands.add(new ArrayList<>());
            else commands.get(commands.size() - 1).add(a);
        }
        for (List<String> c : commands) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(c.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
            System.out.println(EXIT + code + " " + String.join(" ", c));
            System.out.print(out);
            System.out.println(ERR);
            System.out.print(err);
            System.out.println(END);
        }
        System.out.flush();
        System.exit(0);
    }

    /** One command's result, parsed back by the test. */
    record Result(int code, String command, String out, String err) {}

    /** Parses {@link #main}'s output. */
    static List<Result> parse(String stdout) {
        List<Result> results = new ArrayList<>();
        List<String> lines = Arrays.asList(stdout.split("\n", -1));
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (!line.startsWith(EXIT)) {
                i++;
                continue;
            }
            String head = line.substring(EXIT.length());
            int code = Integer.parseInt(head.substring(0, head.indexOf(' ') < 0 ? head.length() : head.indexOf(' ')));
            String command = head.indexOf(' ') < 0 ? "" : head.substring(head.indexOf(' ') + 1);
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            i++;
            while (!lines.get(i).equals(ERR)) out.append(lines.get(i++)).append('\n');
            i++;
            while (!lines.get(i).equals(END)) err.append(lines.get(i++)).append('\n');
            i++;
            results.add(new Result(code, command, out.toString(), err.toString()));
        }
        return results;
    }
}
