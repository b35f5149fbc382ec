"""thidua_reports: từ các sổ Excel của đơn vị đến hồ sơ khen thưởng phong trào thi đua CCHC."""

__version__ = "0.1.0"
