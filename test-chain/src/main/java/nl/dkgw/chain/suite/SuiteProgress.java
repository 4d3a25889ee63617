package nl.dkgw.chain.suite;

import nl.dkgw.chain.report.TestCaseResult;

/** Told as the suite goes: before and after each test (index from 1 of total). */
public interface SuiteProgress {

    SuiteProgress NONE = new SuiteProgress() {
        @Override
        public void started(int index, int total, String name) {}

        @Override
        public void finished(int index, int total, TestCaseResult result) {}
    };

    void started(int index, int total, String name);

    void finished(int index, int total, TestCaseResult result);
}
