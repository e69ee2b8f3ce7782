package org.mbo4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetsTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        Path p = dir.resolve("data.csv");
        Files.writeString(p, text);
        return p;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CsvDatasetsTest.class.getResource("/csv/" + name).toURI());
    }

    @Test
    void continuousBoxIsDataRangeWidenedByTenPercent() throws IOException {
        CsvData d = CsvDatasets.read(csv("x1,x2,y\n0,10,1\n2,30,3\n1,20,2\n"));
        assertEquals(List.of("x1", "x2"), d.designColumns());
        assertEquals(List.of("y"), d.scoreColumns());
        assertFalse(d.isSequence());
        ContinuousSpace box = (ContinuousSpace) d.space();
        // x1 range 2 -> pad 0.2; x2 range 20 -> pad 2
        assertArrayEquals(new double[] {-0.2, 8}, box.lower(), 1e-12);
        assertArrayEquals(new double[] {2.2, 32}, box.upper(), 1e-12);
        assertEquals(3, d.dataset().size());
        assertArrayEquals(new double[] {2, 30}, d.dataset().design(1));
        assertArrayEquals(new double[] {1, 3, 2}, d.dataset().scoreColumn(0));
    }

    @Test
    void constantDesignColumnGetsTenPercentOfItsMagnitude() throws IOException {
        ContinuousSpace box =
                (ContinuousSpace) CsvDatasets.read(csv("a,b,y\n5,0,1\n5,1,2\n")).space();
        assertEquals(4.5, box.lower(0), 1e-12);
        assertEquals(5.5, box.upper(0), 1e-12);
        ContinuousSpace zero =
                (ContinuousSpace) CsvDatasets.read(csv("a,b,y\n0,0,1\n0,1,2\n")).space();
        assertEquals(-0.1, zero.lower(0), 1e-12);
        assertEquals(0.1, zero.upper(0), 1e-12);
    }

    @Test
    void declaredBoundsReplaceTheInferredBox() throws IOException {
        Path p = csv("x1,x2,y\n0,10,1\n2,30,3\n");
        ContinuousSpace all =
                (ContinuousSpace) CsvDatasets.reader().bounds(-5, 50).read(p).space();
        assertArrayEquals(new double[] {-5, -5}, all.lower());
        assertArrayEquals(new double[] {50, 50}, all.upper());
        ContinuousSpace mixed = (ContinuousSpace)
                CsvDatasets.reader().bounds("x2=0:100").read(p).space();
        assertArrayEquals(new double[] {-0.2, 0}, mixed.lower(), 1e-12);
        assertArrayEquals(new double[] {2.2, 100}, mixed.upper(), 1e-12);
        ContinuousSpace both = (ContinuousSpace)
                CsvDatasets.reader().bounds("-1:3,x2=0:40").read(p).space();
        assertArrayEquals(new double[] {-1, 0}, both.lower());
        assertArrayEquals(new double[] {3, 40}, both.upper());
        ContinuousSpace tight =
                (ContinuousSpace) CsvDatasets.reader().margin(0).read(p).space();
        assertArrayEquals(new double[] {0, 10}, tight.lower());
        assertArrayEquals(new double[] {2, 30}, tight.upper());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CsvDatasets.reader().margin(0).read(csv("a,b,y\n5,0,1\n5,1,2\n")));
        assertEquals(
                dir.resolve("data.csv") + ": design column 'a' is constant (5) and the margin is 0; give its "
                        + "bounds with --bounds a=lo:hi",
                e.getMessage());
    }

    @Test
    void defaultScoreIsYThenScoreThenTheLastColumn() throws IOException {
        assertEquals(
                List.of("Y"), CsvDatasets.read(csv("Y,a,b\n1,2,3\n2,3,4\n")).scoreColumns());
        assertEquals(
                List.of("a", "b"),
                CsvDatasets.read(csv("Y,a,b\n1,2,3\n2,3,4\n")).designColumns());
        assertEquals(
                List.of("score"),
                CsvDatasets.read(csv("a,score,b\n1,2,3\n2,3,4\n")).scoreColumns());
        assertEquals(
                List.of("b"), CsvDatasets.read(csv("a,c,b\n1,2,3\n2,3,4\n")).scoreColumns());
        CsvData two = CsvDatasets.reader().score("b", "a").read(csv("a,c,b\n1,2,3\n2,3,4\n"));
        assertEquals(List.of("b", "a"), two.dataset().scoreNames());
        assertEquals(List.of("c"), two.designColumns());
        assertArrayEquals(new double[] {3, 1}, two.dataset().score(0));
    }

    @Test
    void designColumnsCanBeChosenAndOthersAreIgnored() throws IOException {
        CsvData d = CsvDatasets.reader().designColumns("x2").read(csv("id,x1,x2,y\nfoo,1,2,3\nbar,2,4,5\n"));
        assertEquals(List.of("x2"), d.designColumns());
        assertEquals(1, d.space().dims());
        assertArrayEquals(new double[] {4}, d.dataset().design(1));
    }

    @Test
    void dnaIsInferredInDesignBenchOrderEvenWhenSymbolsAreMissing() throws IOException {
        // only a, c, g appear, still the space is DNA with t = 3
        CsvData d = CsvDatasets.read(csv("sequence,y\nGACA,1\ncaGG,2\n"));
        SequenceSpace s = (SequenceSpace) d.space();
        assertEquals(SequenceSpace.DNA, s.alphabet());
        assertEquals(4, s.length());
        assertArrayEquals(new double[] {2, 0, 1, 0}, d.dataset().design(0));
        assertArrayEquals(new double[] {1, 0, 2, 2}, d.dataset().design(1));
        assertFalse(d.lowerCaseSymbols());
    }

    @Test
    void otherAlphabetsAreInferredSortedOrDeclaredInOrder() throws IOException {
        Path p = csv("seq,y\nMKV,1\nKWA,2\n");
        assertEquals(
                List.of("a", "k", "m", "v", "w"),
                ((SequenceSpace) CsvDatasets.read(p).space()).alphabet());
        CsvData declared = CsvDatasets.reader().alphabet("WVMKA").read(p);
        assertEquals(List.of("W", "V", "M", "K", "A"), ((SequenceSpace) declared.space()).alphabet());
        assertArrayEquals(new double[] {2, 3, 1}, declared.dataset().design(0));
        CsvData tokens = CsvDatasets.read(csv("peptide,y\nAla Gly,1\nSer Ala,2\n"));
        assertEquals(List.of("Ala", "Gly", "Ser"), ((SequenceSpace) tokens.space()).alphabet());
        assertArrayEquals(new double[] {2, 0}, tokens.dataset().design(1));
        CsvData declaredTokens = CsvDatasets.reader().alphabet("Ser,Gly,Ala").read(csv("p,y\nala gly,1\nser ala,2\n"));
        assertArrayEquals(new double[] {2, 1}, declaredTokens.dataset().design(0));
    }

    @Test
    void numericSingleColumnIsContinuousUnlessAnAlphabetIsDeclared() throws IOException {
        Path p = csv("code,y\n0123,1\n3210,2\n");
        assertFalse(CsvDatasets.read(p).isSequence());
        CsvData seq = CsvDatasets.reader().alphabet("0123").read(p);
        assertTrue(seq.isSequence());
        assertArrayEquals(new double[] {3, 2, 1, 0}, seq.dataset().design(1));
    }

    @Test
    void quotingLineEndingsBomAndBlankLinesAreHandled() throws IOException {
        CsvData d = CsvDatasets.read(csv("\uFEFF\"x, one\",\"y\"\r\n\r\n \"1.5\" ,2\r\n-3e-1,\"4\"\r\n\n"));
        assertEquals(List.of("x, one"), d.designColumns());
        assertArrayEquals(
                new double[] {1.5, -0.3},
                new double[] {d.dataset().design(0, 0), d.dataset().design(1, 0)});
        assertArrayEquals(new double[] {2, 4}, d.dataset().scoreColumn(0));
    }

    @Test
    void lineNumbersCountMultiLineQuotedCells() throws IOException {
        Path p = csv("name,x,y\n\"two\nlines\",1,2\nok,abc,3\n");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CsvDatasets.reader().designColumns("x").read(p));
        assertTrue(e.getMessage().startsWith(p + " line 4, column 'x': 'abc' is not a number;"), e.getMessage());
    }

    @Test
    void writerRoundTripsContinuousDesignsExactly() throws IOException {
        CsvData d = CsvDatasets.read(csv("temp,\"pressure, bar\",y\n0.1,10,1\n0.3,30,3\n"));
        double[][] designs = {{0.30000000000000004, 12.5}, {1.0 / 7, 29}};
        double[][] predicted = {{7}, {-1.25e-7}};
        StringWriter w = new StringWriter();
        CsvDatasets.write(w, d, designs, predicted);
        assertEquals(
                "temp,\"pressure, bar\",predicted_y\n0.30000000000000004,12.5,7.0\n"
                        + "0.14285714285714285,29.0,-1.25E-7\n",
                w.toString());
        Path out = dir.resolve("out.csv");
        CsvDatasets.write(out, false, d, designs, predicted);
        CsvData back = CsvDatasets.reader().score("predicted_y").read(out);
        assertArrayEquals(designs[0], back.dataset().design(0));
        assertArrayEquals(designs[1], back.dataset().design(1));
    }

    @Test
    void writerKeepsTheSequenceFormatAndCase() throws IOException {
        CsvData upper = CsvDatasets.read(csv("sequence,y\nACGT,1\nTTTT,2\n"));
        StringWriter w = new StringWriter();
        CsvDatasets.write(w, upper, new double[][] {{3, 2, 1, 0}}, null);
        assertEquals("sequence\nTGCA\n", w.toString());
        CsvData lower = CsvDatasets.read(csv("sequence,y\nacgt,1\ntttt,2\n"));
        assertTrue(lower.lowerCaseSymbols());
        StringWriter v = new StringWriter();
        CsvDatasets.write(v, lower, new double[][] {{3, 2, 1, 0}}, new double[][] {{0.5}});
        assertEquals("sequence,predicted_y\ntgca,0.5\n", v.toString());
    }

    @Test
    void writerRejectsDesignsOutsideTheSpaceAndWritesNothing() throws IOException {
        CsvData d = CsvDatasets.read(csv("x,y\n0,1\n1,2\n"));
        Path out = dir.resolve("out.csv");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CsvDatasets.write(out, false, d, new double[][] {{0.5}, {7}}, null));
        assertEquals("design row 1 lies outside the design space (box [-0.1, 1.1]^1)", e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void shippedFixturesLoad() throws Exception {
        CsvData dna = CsvDatasets.read(resource("dna.csv"));
        assertEquals(SequenceSpace.DNA, ((SequenceSpace) dna.space()).alphabet());
        assertEquals(8, dna.space().dims());
        assertEquals(12, dna.dataset().size());
        CsvData cont = CsvDatasets.read(resource("continuous.csv"));
        assertEquals(List.of("temperature", "pressure", "ratio"), cont.designColumns());
        assertEquals(List.of("yield"), cont.scoreColumns());
        assertEquals(20, cont.dataset().size());
    }
}
