// analyze_audio end to end: media files made here with ffmpeg and espeak-ng,
// decoded by media::read_audio_windows, checked by media::detect_speech and
// scored by AASIST-L (the cheaper mode keeps this suite short).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "detect/audio/audio_evidence.hpp"
#include "report_schema_check.hpp"
#include "test_clips.hpp"

namespace deeptrace::detect::audio {
namespace {

namespace fs = std::filesystem;
using report::SectionStatus;
using report::Verdict;

fs::path clips() {
  static const fs::path dir = fs::temp_directory_path() / ("deeptrace-analyze-audio-" + std::to_string(::getpid()));
  return dir;
}

void run(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("test set-up failed: " + command);
}

using testing::ffmpeg;
using testing::garble_media_data;

class AnalyzeAudio : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::create_directories(clips());
    auto at = [](const char* name) { return "'" + (clips() / name).string() + "'"; };
    // A video without sound.
    ffmpeg("-f lavfi -i testsrc=size=160x120:rate=10:duration=2 -an -c:v libx264 -pix_fmt yuv420p " + at("silent.mp4"));
    // A video whose sound is espeak-ng's synthetic voice, in AAC at 44.1 kHz stereo.
    run("espeak-ng -w " + at("espeak.wav") +
        " 'The quarterly report is ready; please check the figures before the meeting tomorrow.'");
    ffmpeg("-f lavfi -i testsrc=size=160x120:rate=10:duration=5 -i " + at("espeak.wav") +
           " -shortest -c:v libx264 -pix_fmt yuv420p -c:a aac -ar 44100 -ac 2 " + at("espeak.mp4"));
    // A human voice (alsa-utils), as mp3.
    ffmpeg("-i /usr/share/sounds/alsa/Front_Center.wav -c:a libmp3lame " + at("human.mp3"));
    // A tone: sound without speech.
    ffmpeg("-f lavfi -i sine=frequency=440:duration=6 " + at("tone.wav"));
    // Audio whose packets do not decode.
    ffmpeg("-f lavfi -i sine=frequency=300:duration=5 -c:a aac -movflags +faststart " + at("garbled.m4a"));
    garble_media_data(clips() / "garbled.m4a");
    model_ = new AasistModel(DetectorContext{DEEPTRACE_MODELS_DIR, 2}, kAasistLightMode);
  }
  static void TearDownTestSuite() {
    delete model_;
    model_ = nullptr;
    fs::remove_all(clips());
  }

  report::AudioEvidence analyze(const char* clip) {
    report::AudioEvidence section = analyze_audio(clips() / clip, *model_, options_);
    EXPECT_TRUE(testing::matches_report_schema(Json(section), "AudioEvidence")) << Json(section).dump(2);
    return section;
  }

  static AasistModel* model_;
  AudioOptions options_;
};
AasistModel* AnalyzeAudio::model_ = nullptr;

TEST_F(AnalyzeAudio, AVideoWithoutSoundIsNoAudio) {
  report::AudioEvidence section = analyze("silent.mp4");
  EXPECT_EQ(section.status, SectionStatus::NotApplicable);
  EXPECT_EQ(section.reason, "NO_AUDIO");
}

TEST_F(AnalyzeAudio, ASyntheticVoiceInAVideoIsLikelyFake) {
  report::AudioEvidence section = analyze("espeak.mp4");
  ASSERT_EQ(section.status, SectionStatus::Ok) << Json(section).dump(2);
  EXPECT_GE(section.speech_windows, 1);
  EXPECT_EQ(section.verdict, Verdict::LikelyFake);
  ASSERT_EQ(section.detectors.size(), 1u);
  EXPECT_EQ(section.detectors[0].name, "aasist_l");
}

TEST_F(AnalyzeAudio, AHumanVoiceIsNotLikelyFake) {
  report::AudioEvidence section = analyze("human.mp3");
  ASSERT_EQ(section.status, SectionStatus::Ok) << Json(section).dump(2);
  EXPECT_LT(section.fake_score.value(), 0.5);
  EXPECT_NE(section.verdict, Verdict::LikelyFake);
}

TEST_F(AnalyzeAudio, AToneAloneIsNoSpeech) {
  report::AudioEvidence section = analyze("tone.wav");
  EXPECT_EQ(section.status, SectionStatus::NotApplicable);
  EXPECT_EQ(section.reason, "NO_SPEECH");
  EXPECT_GE(section.windows_analyzed, 1);
  EXPECT_EQ(section.speech_windows, 0);
}

TEST_F(AnalyzeAudio, AudioThatDoesNotDecodeFailsTheSectionAlone) {
  report::AudioEvidence section = analyze("garbled.m4a");
  EXPECT_EQ(section.status, SectionStatus::Failed);
  EXPECT_EQ(section.reason, "AUDIO_DECODE_FAILED");
}

TEST_F(AnalyzeAudio, MissingModelsAreUnavailable) {
  fs::path empty = clips() / "no-models";
  fs::create_directories(empty);
  report::AudioEvidence section = analyze_audio(clips() / "human.mp3", DetectorContext{empty, 1}, options_);
  EXPECT_EQ(section.status, SectionStatus::Unavailable);
  EXPECT_EQ(section.reason, "MODEL_UNAVAILABLE");
}

TEST_F(AnalyzeAudio, NoAudioIsDecidedBeforeAnyModelLoads) {
  fs::path empty = clips() / "no-models";
  fs::create_directories(empty);
  report::AudioEvidence section = analyze_audio(clips() / "silent.mp4", DetectorContext{empty, 1}, options_);
  EXPECT_EQ(section.reason, "NO_AUDIO");
}

}  // namespace
}  // namespace deeptrace::detect::audio
